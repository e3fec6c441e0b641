package dev.smarttracer.agent.internal.protocol;

import java.util.List;
import java.util.Map;

/**
 * Writes a control message's value as JSON text on one line, members in their map's order, with
 * no space. Strings are escaped as the recorder's JSON Lines escape them, so that a text reads the
 * same in an event and in {@code smarttracer status --json}: a backslash and {@code "} with a
 * backslash, {@code \n}, {@code \r} and {@code \t} as such, other control characters, DEL,
 * U+2028, U+2029 and unpaired surrogates as {@code \}{@code uXXXX}, everything else as it is.
 * Numbers are written as {@link Long#toString} and {@link Double#toString} write them.
 *
 * <p>Stateless and thread-safe.
 */
final class ControlJsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ControlJsonWriter() {
    }

    /**
     * Writes a value.
     *
     * @param value a map with string keys, a list, a string, a whole number, a finite
     *     floating-point number, a boolean or {@code null}, nested at most
     *     {@value ControlJsonReader#MAX_DEPTH} levels
     * @return the text
     * @throws IllegalArgumentException for any other value, naming it
     */
    static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        write(out, value, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d + "; send it as a string");
            }
            out.append(value);
        } else if (value instanceof CharSequence text) {
            quoted(out, text);
        } else if (value instanceof Map<?, ?> map) {
            nest(depth);
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> member : map.entrySet()) {
                if (!(member.getKey() instanceof String name)) {
                    throw new IllegalArgumentException("a JSON member name must be a string; got " + member.getKey());
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                quoted(out, name);
                out.append(':');
                write(out, member.getValue(), depth + 1);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            nest(depth);
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i), depth + 1);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " in a control"
                    + " message: " + value + "; send a string, number, boolean, null, list or map");
        }
    }

    private static void nest(int depth) {
        if (depth >= ControlJsonReader.MAX_DEPTH) {
            throw new IllegalArgumentException("a control message nests deeper than " + ControlJsonReader.MAX_DEPTH
                    + " levels");
        }
    }

    private static void quoted(StringBuilder out, CharSequence text) {
        out.append('"');
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)) {
                // U+2028 and U+2029 end lines in JavaScript and some editors; a lone surrogate is
                // not text: both are escaped so that a message stays one line of valid UTF-8.
                out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                        .append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
