package dev.smarttracer.agent.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

    @Test
    void durations_takeAWholeNumberAndAUnit() {
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationConverter.parse("1D")).isEqualTo(Duration.ofDays(1));
        for (String bad : new String[] {"30", "s", "1.5s", "-1s", "soon", "30 s", ""}) {
            assertThatThrownBy(() -> DurationConverter.parse(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("is not a duration").hasMessageContaining("e.g. 30s");
        }
        assertThatThrownBy(() -> DurationConverter.parse("0s")).hasMessageContaining("must be positive");
    }

    @Test
    void preciseDurations_takeMicrosAndNanosToo_andSayWhatIsWrong() {
        PreciseDurationConverter converter = new PreciseDurationConverter();
        assertThat(converter.convert("500us")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(converter.convert("250ns")).isEqualTo(Duration.ofNanos(250));
        assertThat(converter.convert("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> converter.convert("fast")).isInstanceOf(TypeConversionException.class)
                .hasMessage("'fast' is not a duration; write a whole number and a unit (ns, us, ms, s, m, h or d),"
                        + " e.g. 200ms or 500us");
        assertThatThrownBy(() -> converter.convert("0us")).hasMessageContaining("is zero");
        assertThatThrownBy(() -> converter.convert("99999999999999999us")).hasMessageContaining("is too long");
    }

    @Test
    void durations_longerThanTenYears_sayTheLongestAccepted() {
        assertThat(DurationConverter.parse("3650d")).isEqualTo(Duration.ofDays(3650));
        assertThat(DurationConverter.parse("87600h")).isEqualTo(Duration.ofDays(3650));
        for (String tooLong : new String[] {"3651d", "87601h", "999999999999d", "99999999999999999999999ms"}) {
            assertThatThrownBy(() -> DurationConverter.parse(tooLong)).as(tooLong)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessage("'" + tooLong + "' is too long; the longest duration accepted is 3650d (ten years)");
        }
    }

    @Test
    void rates_withAWindowTooLong_sayTheLongestAccepted() {
        assertThatThrownBy(() -> new RateConverter().convert("5/999999999999d"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'5/999999999999d': the window '999999999999d' is too long; the longest duration accepted"
                        + " is 3650d (ten years)");
    }

    @Test
    void rates_takeCallsPerWindow() {
        RateConverter rates = new RateConverter();
        assertThat(rates.convert("100/1s")).isEqualTo(new Rate(100, Duration.ofSeconds(1)));
        assertThat(rates.convert("5/100ms")).isEqualTo(new Rate(5, Duration.ofMillis(100)));
        assertThat(rates.convert("100/s")).isEqualTo(new Rate(100, Duration.ofSeconds(1)));
        for (String bad : new String[] {"100", "/1s", "100/", "x/1s", "100/1x", "100per1s"}) {
            assertThatThrownBy(() -> rates.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("is not a rate; write calls/window, e.g. 100/1s");
        }
        assertThatThrownBy(() -> rates.convert("0/1s")).hasMessageContaining("rate max must be within 1..1,000,000");
    }

    @Test
    void durationsForPeople_keepTwoOrThreeDigits() {
        assertThat(DurationText.of(850, "µs")).isEqualTo("850 ns");
        assertThat(DurationText.of(21_400, "µs")).isEqualTo("21 µs");
        assertThat(DurationText.of(1_440_000, "us")).isEqualTo("1.4 ms");
        assertThat(DurationText.of(14_200_000, "us")).isEqualTo("14 ms");
        assertThat(DurationText.of(12_300_000_000L, "us")).isEqualTo("12.3 s");
    }
}
