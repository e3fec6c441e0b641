package dev.smarttracer.internal.snapshot;

import dev.smarttracer.recorder.EnumValue;
import dev.smarttracer.recorder.ExceptionInfo;
import dev.smarttracer.recorder.Rendered;
import dev.smarttracer.recorder.internal.StringEscaper;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Copies live values into snapshot values, on the traced thread, so that no event ever holds a
 * reference to an application object.
 *
 * <p>{@code null}, boxed primitives and strings (cut at the length limit) are kept as they are:
 * they are immutable. Enum constants become {@link EnumValue}s. Everything else becomes a
 * {@link Rendered} text: arrays, collections and maps element by element (bounded, cycle-safe),
 * other objects by {@code toString()}, whose failures (a throw, a stack overflow) are rendered
 * rather than propagated. Stateless and thread-safe.
 */
public final class Snapshotter {

    private final SnapshotLimits limits;

    /**
     * Creates a snapshotter.
     *
     * @param limits how much of each value to keep
     */
    public Snapshotter(SnapshotLimits limits) {
        this.limits = limits;
    }

    /**
     * Replaces each element of an array nobody else holds by its snapshot.
     *
     * @param values live values, in an array private to the caller
     * @return the same array, now holding snapshot values only
     */
    public Object[] snapshotInPlace(Object[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = snapshot(values[i]);
        }
        return values;
    }

    /**
     * Snapshots one value.
     *
     * @param value a live value
     * @return a snapshot value
     */
    public Object snapshot(Object value) {
        if (value == null || value instanceof Integer || value instanceof Long || value instanceof Boolean
                || value instanceof Double || value instanceof Character || value instanceof Float
                || value instanceof Short || value instanceof Byte) {
            return value;
        }
        if (value instanceof String s) {
            return s.length() <= limits.maxChars() ? s : s.substring(0, limits.maxChars());
        }
        if (value instanceof Enum<?> constant) {
            return new EnumValue(constant.getDeclaringClass().getName(), constant.name());
        }
        Text text = new Text(limits.maxChars());
        try {
            render(value, text, 0, new IdentityHashMap<>());
        } catch (Throwable failure) {
            // An iterator or toString() of the application failed mid-way: keep what was rendered.
            text.append(" <rendering failed: " + failure.getClass().getName() + ">");
        }
        return new Rendered(typeName(value), text.toString(), text.truncated);
    }

    /**
     * Copies what a throwable says about itself: type and message, never the throwable.
     *
     * @param thrown a throwable
     * @return its type and (cut) message
     */
    public ExceptionInfo exception(Throwable thrown) {
        String message;
        try {
            message = thrown.getMessage();
        } catch (Throwable failure) {
            message = "<getMessage() threw " + failure.getClass().getName() + ">";
        }
        if (message != null && message.length() > limits.maxChars()) {
            message = message.substring(0, limits.maxChars()) + "...";
        }
        return new ExceptionInfo(thrown.getClass().getName(), message);
    }

    private void render(Object value, Text out, int depth, IdentityHashMap<Object, Boolean> seen) {
        if (out.full()) {
            return;
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            out.appendQuoted(s, '"');
        } else if (value instanceof Character c) {
            out.appendQuoted(c.toString(), '\'');
        } else if (value instanceof Enum<?> constant) {
            out.append(constant.getDeclaringClass().getSimpleName()).append(".").append(constant.name());
        } else if (value.getClass().isArray() || value instanceof Collection<?> || value instanceof Map<?, ?>) {
            if (seen.put(value, Boolean.TRUE) != null) {
                out.append("<cycle>");
                return;
            }
            if (depth >= limits.maxDepth()) {
                out.append(value instanceof Map<?, ?> ? "{...}" : "[...]");
            } else if (value instanceof Map<?, ?> map) {
                renderMap(map, out, depth, seen);
            } else if (value instanceof Collection<?> collection) {
                renderElements(collection.iterator(), collection.size(), out, depth, seen);
            } else {
                renderArray(value, out, depth, seen);
            }
            seen.remove(value);
        } else {
            appendToString(value, out);
        }
    }

    private void renderArray(Object array, Text out, int depth, IdentityHashMap<Object, Boolean> seen) {
        int length = Array.getLength(array);
        out.append("[");
        int shown = Math.min(length, limits.maxElements());
        for (int i = 0; i < shown && !out.full(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            render(Array.get(array, i), out, depth + 1, seen);
        }
        closeElements(out, length - shown, "]");
    }

    private void renderElements(Iterator<?> elements, int size, Text out, int depth,
            IdentityHashMap<Object, Boolean> seen) {
        out.append("[");
        int shown = 0;
        while (elements.hasNext() && shown < limits.maxElements() && !out.full()) {
            if (shown > 0) {
                out.append(", ");
            }
            render(elements.next(), out, depth + 1, seen);
            shown++;
        }
        closeElements(out, size - shown, "]");
    }

    private void renderMap(Map<?, ?> map, Text out, int depth, IdentityHashMap<Object, Boolean> seen) {
        out.append("{");
        int shown = 0;
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        while (entries.hasNext() && shown < limits.maxElements() && !out.full()) {
            Map.Entry<?, ?> entry = entries.next();
            if (shown > 0) {
                out.append(", ");
            }
            render(entry.getKey(), out, depth + 1, seen);
            out.append("=");
            render(entry.getValue(), out, depth + 1, seen);
            shown++;
        }
        closeElements(out, map.size() - shown, "}");
    }

    private static void closeElements(Text out, int hidden, String close) {
        if (hidden > 0) {
            out.append(", ... (" + hidden + " more)");
        }
        out.append(close);
    }

    private static void appendToString(Object value, Text out) {
        String text;
        try {
            text = value.toString();
        } catch (Throwable failure) {
            out.append("<" + value.getClass().getName() + ".toString() threw " + failure.getClass().getName()
                    + (failure instanceof StackOverflowError ? "" : ": " + failure.getMessage()) + ">");
            return;
        }
        out.append(text == null ? "null" : text);
    }

    private static String typeName(Object value) {
        return value.getClass().getTypeName();
    }

    /** A bounded string builder that remembers whether it had to drop anything. */
    private static final class Text {
        private final StringBuilder builder = new StringBuilder();
        private final int max;
        private boolean truncated;

        Text(int max) {
            this.max = max;
        }

        boolean full() {
            return builder.length() >= max;
        }

        Text append(String s) {
            int room = max - builder.length();
            if (s.length() <= room) {
                builder.append(s);
            } else {
                builder.append(s, 0, Math.max(0, room));
                truncated = true;
            }
            return this;
        }

        /** Appends a string or character quoted and escaped as {@code CallFormatter} shows them. */
        void appendQuoted(String s, char quote) {
            append(String.valueOf(quote));
            if (StringEscaper.appendEscaped(builder, s, quote, max) < s.length()) {
                truncated = true;
                return;
            }
            append(String.valueOf(quote));
        }

        @Override
        public String toString() {
            return builder.toString();
        }
    }
}
