package dev.smarttracer.agent.internal.cli;

import java.util.Locale;

/** Writes byte counts for people: {@code 0.4 MiB}, {@code 16.0 MiB}, {@code 256.0 MiB}. */
final class SizeText {

    private SizeText() {
    }

    /**
     * Writes a byte count in mebibytes, to a tenth.
     *
     * @param bytes the count, a {@link Number} as a control message holds it
     * @return the text
     */
    static String mebibytes(Object bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", ((Number) bytes).doubleValue() / (1 << 20));
    }
}
