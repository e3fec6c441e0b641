package dev.smarttracer.cel;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A CEL map with keys known up front and values converted from live values on first read and then
 * kept, so that {@code args[0].customerId} reads one field and nothing else. One evaluation's view;
 * not thread-safe.
 */
final class LazyMap extends AbstractMap<Object, Object> {
    private static final Object UNREAD = new Object();

    private final Object[] keys;
    private final Map<Object, Integer> indexes;
    private final IntFunction<Object> value;
    private final Object[] converted;

    /** {@code keys} are CEL map keys (String, Long or Boolean), distinct; {@code value} converts the i-th value. */
    LazyMap(Object[] keys, Map<Object, Integer> indexes, IntFunction<Object> value) {
        this.keys = keys;
        this.indexes = indexes;
        this.value = value;
        this.converted = new Object[keys.length];
        Arrays.fill(converted, UNREAD);
    }

    static Map<Object, Integer> indexesOf(Object[] keys) {
        Map<Object, Integer> indexes = new HashMap<>(keys.length * 2);
        for (int i = 0; i < keys.length; i++) {
            indexes.put(keys[i], i);
        }
        return indexes;
    }

    private Object valueAt(int index) {
        Object v = converted[index];
        if (v == UNREAD) {
            v = value.apply(index);
            converted[index] = v;
        }
        return v;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexes.containsKey(key);
    }

    @Override
    public Object get(Object key) {
        Integer index = indexes.get(key);
        return index == null ? null : valueAt(index);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<Object, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<Object, Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int index = next++;
                        return new SimpleImmutableEntry<>(keys[index], valueAt(index));
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
