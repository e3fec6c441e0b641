package dev.smarttracer.agent.internal.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Writes how long a target still keeps a recording, for people: {@code kept 58 min more, until
 * 00:24 UTC}, {@code kept 42 s more, until 23:26:10 UTC}, {@code kept 2 days 3 h more, until
 * 2025-12-09 02:24 UTC}. The time left is rounded down; the date is written once it is a day or
 * more away. Times are in UTC, which the target and the person reading need not share otherwise.
 * Stateless.
 */
final class KeptText {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private KeptText() {
    }

    /**
     * Writes until when a recording is kept.
     *
     * @param keptUntil the instant the target drops it, as the agent sends it (ISO-8601)
     * @param clock what time it is now
     * @return the words, e.g. {@code kept 58 min more, until 00:24 UTC}
     */
    static String of(String keptUntil, Clock clock) {
        Instant until;
        try {
            until = Instant.parse(keptUntil);
        } catch (DateTimeParseException unreadable) {
            return "kept until " + keptUntil;
        }
        Duration left = Duration.between(clock.instant(), until);
        if (left.compareTo(Duration.ofSeconds(1)) < 0) {
            return "due to be dropped now";
        }
        if (left.compareTo(Duration.ofMinutes(1)) < 0) {
            return "kept " + left.toSeconds() + " s more, until " + SECONDS.format(until) + " UTC";
        }
        if (left.compareTo(Duration.ofHours(1)) < 0) {
            return "kept " + left.toMinutes() + " min more, until " + MINUTES.format(until) + " UTC";
        }
        if (left.compareTo(Duration.ofDays(1)) < 0) {
            long minutes = left.toMinutesPart();
            return "kept " + left.toHours() + " h" + (minutes == 0 ? "" : " " + minutes + " min") + " more, until "
                    + MINUTES.format(until) + " UTC";
        }
        long days = left.toDays();
        long hours = left.toHoursPart();
        return "kept " + days + (days == 1 ? " day" : " days") + (hours == 0 ? "" : " " + hours + " h")
                + " more, until " + DAYS.format(until) + " UTC";
    }
}
