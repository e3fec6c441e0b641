package dev.smarttracer.recorder.internal;

/**
 * What is wrong with one line of JSON Lines, and the column where it is. {@link JsonLinesCodec}
 * adds the line number.
 */
final class MalformedJsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason what is wrong, e.g. {@code "truncated" must be true or false; got "yes"}
     * @param line the line
     * @param offset the index in {@code line} of the first character of what is wrong
     */
    MalformedJsonException(String reason, String line, int offset) {
        super("column " + column(line, offset) + ": " + reason);
    }

    /** Counts columns from 1 in characters as people see them, so a surrogate pair is one. */
    private static int column(String line, int offset) {
        int within = Math.max(0, Math.min(offset, line.length()));
        return line.codePointCount(0, within) + 1;
    }
}
