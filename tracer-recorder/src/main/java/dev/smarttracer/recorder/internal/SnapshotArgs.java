package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.Call;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The arguments of a {@link Call} the tracer builds: an unmodifiable list over an array of snapshot
 * values that the tracer made for that call alone and hands over, so that {@code Call} keeps it as
 * it is instead of copying it. Its elements are checked once, here; it has no way to change them.
 *
 * <p>Immutable once made; thread-safe.
 */
public final class SnapshotArgs extends AbstractList<Object> implements RandomAccess {

    private static final SnapshotArgs NONE = new SnapshotArgs(new Object[0]);

    private final Object[] values;

    private SnapshotArgs(Object[] values) {
        this.values = values;
    }

    /**
     * Takes over an array of snapshot values; the caller never touches it again.
     *
     * @param values the values, each one {@link Call#isSnapshotValue a snapshot value}
     * @return a list over the array
     * @throws IllegalArgumentException if a value is a live object
     */
    public static SnapshotArgs takeOver(Object[] values) {
        if (values.length == 0) {
            return NONE;
        }
        for (Object value : values) {
            if (!Call.isSnapshotValue(value)) {
                throw new IllegalArgumentException("args holds a live " + value.getClass().getName()
                        + "; a Call holds snapshot values only (null, boxed primitives, String, EnumValue, Rendered)");
            }
        }
        return new SnapshotArgs(values);
    }

    @Override
    public Object get(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }
}
