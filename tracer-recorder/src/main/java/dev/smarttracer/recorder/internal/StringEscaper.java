package dev.smarttracer.recorder.internal;

/**
 * Quotes and escapes text the one way the tracer writes strings: in JSON Lines, in
 * {@code CallFormatter}'s lines and inside snapshot renderings, so that a string reads the same
 * everywhere and always stays on one line.
 *
 * <p>A backslash and the quote character are escaped with a backslash; {@code \n}, {@code \r}
 * and {@code \t} as such; other control characters, DEL, U+2028, U+2029 and unpaired surrogates
 * as {@code \}{@code uXXXX}; every other character, surrogate pairs included, as it is. With
 * {@code '"'} as the quote the result is a JSON string. Stateless and thread-safe.
 */
public final class StringEscaper {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private StringEscaper() {
    }

    /**
     * Appends text between quotes, escaped.
     *
     * @param out where to append
     * @param text the text
     * @param quote the quote character, e.g. {@code '"'} for strings and JSON or {@code '\''} for characters
     * @return {@code out}
     */
    public static StringBuilder appendQuoted(StringBuilder out, CharSequence text, char quote) {
        out.append(quote);
        appendEscaped(out, text, quote, Integer.MAX_VALUE);
        return out.append(quote);
    }

    /**
     * Appends as much of a text, escaped, as fits within a length: an escape sequence or a
     * surrogate pair is appended whole or not at all.
     *
     * @param out where to append
     * @param text the text
     * @param quote the quote character to escape
     * @param maxLength the length {@code out} may reach
     * @return how many characters of {@code text} were appended; {@code text.length()} if all were
     */
    public static int appendEscaped(StringBuilder out, CharSequence text, char quote, int maxLength) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < length
                    && Character.isLowSurrogate(text.charAt(i + 1));
            int width = pair ? 2 : width(c, quote);
            if (maxLength - out.length() < width) {
                return i;
            }
            if (pair) {
                out.append(c).append(text.charAt(i + 1));
                i += 2;
                continue;
            }
            switch (width) {
                case 1 -> out.append(c);
                case 2 -> out.append('\\').append(c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : c);
                default -> out.append('\\').append('u').append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            }
            i++;
        }
        return length;
    }

    /** Returns how many characters a lone character takes once escaped: 1, 2 or 6. */
    private static int width(char c, char quote) {
        if (c == quote || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
            return 2;
        }
        // A surrogate reaching here is unpaired; U+2028 and U+2029 end lines in JavaScript and in
        // some editors, so they are escaped to keep one event on one line.
        if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)) {
            return 6;
        }
        return 1;
    }
}
