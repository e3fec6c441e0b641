package dev.smarttracer.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies a CEL result into plain Java values fit for a map key: Long, Double, String, Boolean,
 * unmodifiable List and Map of those, or null.
 *
 * <p>uint becomes the Long of the same bits, bytes a String of ISO-8859-1 characters, a duration
 * or timestamp its ISO-8601 text, a type its name, an optional its value or null. A copy holds at
 * most {@link #MAX_VALUES} values, so that a key over a wide object graph fails rather than grows.
 */
final class PlainValues {
    static final int MAX_VALUES = 10_000;

    private int budget = MAX_VALUES;

    private PlainValues() {
    }

    static Object copy(Object celValue) {
        return new PlainValues().plain(celValue);
    }

    private Object plain(Object value) {
        if (--budget < 0) {
            throw new IllegalStateException("the key holds more than " + MAX_VALUES
                    + " values; pick fields, e.g. args[0].id, rather than whole objects");
        }
        if (value == null || value instanceof NullValue) {
            return null;
        }
        if (value instanceof Long || value instanceof Double || value instanceof String
                || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer) {
            return ((Integer) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof UnsignedLong) {
            return ((UnsignedLong) value).longValue();
        }
        if (value instanceof CelByteString) {
            return new String(((CelByteString) value).toByteArray(), StandardCharsets.ISO_8859_1);
        }
        if (value instanceof Duration || value instanceof Instant) {
            return value.toString();
        }
        if (value instanceof CelType) {
            return ((CelType) value).name();
        }
        if (value instanceof Optional<?>) {
            return plain(((Optional<?>) value).orElse(null));
        }
        if (value instanceof List<?>) {
            List<Object> copy = new ArrayList<>(((List<?>) value).size());
            for (Object element : (List<?>) value) {
                copy.add(plain(element));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Map<?, ?>) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                copy.put(plain(entry.getKey()), plain(entry.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        throw new IllegalStateException("the key's value is a " + value.getClass().getName()
                + ", which has no plain form; make the key a number, string, bool, list or map");
    }
}
