package dev.smarttracer.cel;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * A CEL list whose elements are converted from live values on first read and then kept, so that an
 * expression reads only the elements it needs. One evaluation's view; not thread-safe.
 */
final class LazyList extends AbstractList<Object> {
    private static final Object UNREAD = new Object();

    private final IntFunction<Object> element;
    private final Object[] converted;

    LazyList(int size, IntFunction<Object> element) {
        this.element = element;
        this.converted = new Object[size];
        Arrays.fill(converted, UNREAD);
    }

    @Override
    public Object get(int index) {
        Object value = converted[index];
        if (value == UNREAD) {
            value = element.apply(index);
            converted[index] = value;
        }
        return value;
    }

    @Override
    public int size() {
        return converted.length;
    }
}
