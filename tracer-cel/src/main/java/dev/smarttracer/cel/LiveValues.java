package dev.smarttracer.cel;

import dev.cel.common.values.NullValue;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Reads live objects as CEL values without running any code of the application.
 *
 * <p>Primitives and their boxes become CEL int, double, bool or string; strings stay as they are;
 * enums become their name; null stays null. Arrays, and collections and maps whose class is the
 * JDK's own, become lists and maps of their first {@link #MAX_ELEMENTS} elements (map entries whose
 * key is not a string, int or bool are left out). Any other application object becomes a map of its
 * fields (see {@link ClassFields}). A few JDK value types are read through their public API
 * (numbers, UUID, java.time, CharSequence, Optional); any other JDK object becomes its class name, as
 * does a list, map or object deeper than {@link #MAX_DEPTH} (an argument is at depth 1). Lists and
 * maps are views that convert an element on first read, so an expression reads only what it uses
 * and a cyclic object graph ends at the depth limit.
 */
final class LiveValues {
    static final int MAX_DEPTH = 3;
    static final int MAX_ELEMENTS = 100;

    private LiveValues() {
    }

    static Object toCel(Object value, int depth) {
        if (value == null) {
            return NullValue.NULL_VALUE;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof Character) {
            return String.valueOf((char) (Character) value);
        }
        if (value instanceof Enum<?>) {
            // name() is final in java.lang.Enum: no application code runs.
            return ((Enum<?>) value).name();
        }
        if (value instanceof Class<?>) {
            return ((Class<?>) value).getName();
        }
        if (value instanceof Throwable) {
            return exception((Throwable) value);
        }
        Class<?> type = value.getClass();
        boolean jdk = JdkClasses.isJdk(type);
        if (jdk) {
            Object leaf = jdkLeaf(value);
            if (leaf != null) {
                return leaf;
            }
            if (value instanceof Optional<?>) {
                return toCel(((Optional<?>) value).orElse(null), depth);
            }
        }
        if (depth > MAX_DEPTH) {
            return type.getName();
        }
        if (type.isArray()) {
            int length = Math.min(Array.getLength(value), MAX_ELEMENTS);
            return new LazyList(length, i -> toCel(Array.get(value, i), depth + 1));
        }
        if (jdk && value instanceof Collection<?>) {
            Object[] elements = firstElements(((Collection<?>) value).iterator());
            return new LazyList(elements.length, i -> toCel(elements[i], depth + 1));
        }
        if (jdk && value instanceof Map<?, ?>) {
            return jdkMap((Map<?, ?>) value, depth);
        }
        if (jdk) {
            return type.getName();
        }
        ClassFields fields = ClassFields.of(type);
        return new LazyMap(fields.names(), fields.indexes(), i -> toCel(fields.read(value, i), depth + 1));
    }

    /** The exception map: {@code type} (class name) and {@code message}. */
    static Map<String, Object> exception(Throwable exception) {
        Map<String, Object> map = new LinkedHashMap<>(4);
        map.put("type", exception.getClass().getName());
        String message = jdkMessage(exception);
        map.put("message", message == null ? NullValue.NULL_VALUE : message);
        return map;
    }

    /** Throwable's message if getMessage is the JDK's own; null if the application overrides it. */
    private static String jdkMessage(Throwable exception) {
        try {
            Method getMessage = exception.getClass().getMethod("getMessage");
            if (!JdkClasses.isJdk(getMessage.getDeclaringClass())) {
                return null;
            }
        } catch (NoSuchMethodException e) {
            return null;
        }
        return exception.getMessage();
    }

    private static Object jdkLeaf(Object value) {
        if (value instanceof Duration || value instanceof Instant) {
            return value;
        }
        if (value instanceof BigInteger || value instanceof BigDecimal || value instanceof UUID
                || value instanceof TemporalAccessor || value instanceof CharSequence) {
            return value.toString();
        }
        if (value instanceof DoubleAdder || value instanceof DoubleAccumulator) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Number) {
            return ((Number) value).longValue();
        }
        if (value instanceof AtomicBoolean) {
            return ((AtomicBoolean) value).get();
        }
        return null;
    }

    private static Object[] firstElements(Iterator<?> iterator) {
        List<Object> elements = new ArrayList<>();
        while (elements.size() < MAX_ELEMENTS && iterator.hasNext()) {
            elements.add(iterator.next());
        }
        return elements.toArray();
    }

    private static Object jdkMap(Map<?, ?> map, int depth) {
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        Map<Object, Integer> indexes = new HashMap<>();
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        while (keys.size() < MAX_ELEMENTS && entries.hasNext()) {
            Map.Entry<?, ?> entry = entries.next();
            Object key = toCel(entry.getKey(), depth + 1);
            boolean celKey = key instanceof String || key instanceof Long || key instanceof Boolean;
            if (celKey && !indexes.containsKey(key)) {
                indexes.put(key, keys.size());
                keys.add(key);
                values.add(entry.getValue());
            }
        }
        return new LazyMap(keys.toArray(), indexes, i -> toCel(values.get(i), depth + 1));
    }
}
