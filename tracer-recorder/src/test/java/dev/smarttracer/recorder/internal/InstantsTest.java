package dev.smarttracer.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantsTest {

    @Test
    void whatInstantWrites_isReadBackAsInstantParseReadsIt() {
        SplittableRandom random = new SplittableRandom(20261207);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 50_000; i++) {
            long nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000L;
                case 2 -> random.nextInt(1_000_000) * 1_000L;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(first, last + 1), nanos);
            String text = instant.toString();
            assertThat(Instants.parse(text)).as(text).isEqualTo(instant).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void everyFractionLength_andEveryOtherForm_readAsInstantParseReadsThem() {
        List<String> texts = List.of("2026-01-02T03:04:05Z", "2026-01-02T03:04:05.1Z", "2026-01-02T03:04:05.12Z",
                "2026-01-02T03:04:05.1234Z", "2026-01-02T03:04:05.12345678Z", "2026-01-02T03:04:05.123456789Z",
                "2024-02-29T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "-0001-12-31T00:00:00Z", "2026-01-02t03:04:05z",
                "2026-01-02T24:00:00Z", "2026-01-02T23:59:60Z", "2026-01-02T03:04:05.Z");
        for (String text : texts) {
            assertThat(Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void whatIsNoInstant_isRefusedAsInstantParseRefusesIt() {
        List<String> texts = List.of("", "2026-01-02", "2026-01-02T03:04:05",
                "2026-13-02T03:04:05Z", "2026-02-30T03:04:05Z", "2025-02-29T03:04:05Z",
                "2026-01-02T03:60:05Z", "2026-01-02T03:04:05.1234567890Z", "2026-01-O2T03:04:05Z",
                "2026-01-02T03:04:05,5Z", "2026/01/02T03:04:05Z");
        for (String text : texts) {
            assertThatThrownBy(() -> Instant.parse(text)).as("Instant.parse(%s)", text)
                    .isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> Instants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
