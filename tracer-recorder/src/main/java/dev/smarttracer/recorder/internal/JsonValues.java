package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.internal.JsonReader.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes plain JSON values with the same strict parser and string escaper as JSON
 * Lines, for other short JSON texts of the tracer (the agent's control messages). A value is a
 * {@code Map<String, Object>} (members in order), a {@code List<Object>}, a {@code String}, a
 * {@code Long} (a whole number within its range) or {@code Double} (any other number), a
 * {@code Boolean} or {@code null}.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * Parses a text holding one JSON value.
     *
     * @param text the text, on one line or several
     * @return the value, with maps and lists unmodifiable
     * @throws IllegalArgumentException naming the column and what is wrong, for text that is not
     *     strict JSON (RFC 8259), nests deeper than 64 levels or repeats a member name
     */
    public static Object parse(String text) {
        return plain(JsonReader.parse(text));
    }

    private static Object plain(Node node) {
        Object value = node.value();
        if (value instanceof Map<?, ?> members) {
            Map<String, Object> map = new LinkedHashMap<>();
            members.forEach((name, member) -> map.put((String) name, plain((Node) member)));
            return Collections.unmodifiableMap(map);
        }
        if (value instanceof List<?> elements) {
            List<Object> list = new ArrayList<>(elements.size());
            elements.forEach(element -> list.add(plain((Node) element)));
            return Collections.unmodifiableList(list);
        }
        if (value instanceof JsonReader.Number number) {
            try {
                return Long.valueOf(number.text());
            } catch (NumberFormatException notWhole) {
                return Double.valueOf(number.text());
            }
        }
        return value;
    }

    /**
     * Writes a value as JSON text on one line.
     *
     * @param value a map with string keys, a list, a string, a number (finite, for floating
     *     point), a boolean or {@code null}
     * @return the text
     * @throws IllegalArgumentException for any other value, or a non-finite number
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        write(out, value, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (depth > 64) {
            throw new IllegalArgumentException("value nests deeper than 64 levels");
        }
        if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d + "; write it as a string");
            }
            out.append(value);
        } else if (value instanceof CharSequence text) {
            StringEscaper.appendQuoted(out, text, '"');
        } else if (value instanceof Map<?, ?> map) {
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
                StringEscaper.appendQuoted(out, name, '"');
                out.append(':');
                write(out, member.getValue(), depth + 1);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i), depth + 1);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON: " + value);
        }
    }
}
