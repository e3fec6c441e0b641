package dev.smarttracer.agent.internal.cli;

import java.util.Locale;

/** Writes nanoseconds for people: {@code 850 ns}, {@code 21 µs}, {@code 1.4 ms}, {@code 14 ms}, {@code 3.2 s}. */
final class DurationText {

    private DurationText() {
    }

    /**
     * Writes a duration.
     *
     * @param nanos the duration
     * @param micros how to write microseconds, {@code "µs"} or {@code "us"}
     * @return the text
     */
    static String of(long nanos, String micros) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return nanos / 1_000 + " " + micros;
        }
        if (nanos < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        if (nanos < 10_000_000_000L) {
            return nanos / 1_000_000 + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
