package dev.smarttracer.agent.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What {@code status} says about how long a recording is kept, on a fixed clock. */
class KeptTextTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2025-12-06T23:26:00Z"), ZoneOffset.UTC);

    @Test
    void withinAnHour_minutesAndTheTimeOfDay() {
        assertThat(KeptText.of("2025-12-07T00:24:30.123456789Z", NOW)).isEqualTo("kept 58 min more, until 00:24 UTC");
    }

    @Test
    void withinAMinute_secondsAndTheTimeToTheSecond() {
        assertThat(KeptText.of("2025-12-06T23:26:42.5Z", NOW)).isEqualTo("kept 42 s more, until 23:26:42 UTC");
    }

    @Test
    void withinADay_hoursAndMinutes() {
        assertThat(KeptText.of("2025-12-07T04:38:00Z", NOW)).isEqualTo("kept 5 h 12 min more, until 04:38 UTC");
        assertThat(KeptText.of("2025-12-07T01:26:00Z", NOW)).isEqualTo("kept 2 h more, until 01:26 UTC");
    }

    @Test
    void aDayOrMore_daysHoursAndTheDate() {
        assertThat(KeptText.of("2025-12-09T02:26:00Z", NOW)).isEqualTo("kept 2 days 3 h more, until 2025-12-09"
                + " 02:26 UTC");
        assertThat(KeptText.of("2025-12-07T23:26:00Z", NOW)).isEqualTo("kept 1 day more, until 2025-12-07 23:26 UTC");
        assertThat(KeptText.of("2035-12-04T23:26:00Z", NOW)).isEqualTo("kept 3650 days more, until 2035-12-04"
                + " 23:26 UTC");
    }

    @Test
    void pastOrUnreadable_saysWhatIsKnown() {
        assertThat(KeptText.of("2025-12-06T23:25:59Z", NOW)).isEqualTo("due to be dropped now");
        assertThat(KeptText.of("tomorrow", NOW)).isEqualTo("kept until tomorrow");
    }
}
