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
 * <p>{@code null}, boxed primitives and strings within the length limit are kept as they are:
 * they are immutable. A longer string becomes a {@link Rendered} of type {@code java.lang.String}
 * holding its first characters, marked truncated. Enum constants become {@link EnumValue}s.
 * Everything else becomes a {@link Rendered} text: arrays, collections and maps element by element
 * (bounded, cycle-safe, strings and characters quoted and escaped), other objects by
 * {@code toString()}, whose failures (a throw, a stack overflow) are rendered rather than
 * propagated. Whatever is left out is said: a rendering cut at the length limit, or with elements
 * hidden, is marked truncated, and so is a cut exception message. No cut splits a surrogate pair.
 * Stateless and thread-safe.
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
        // Strings first: the commonest argument, checked before the eight boxes.
        if (value instanceof String s) {
            return s.length() <= limits.maxChars() ? s
                    : new Rendered(String.class.getName(), s.substring(0, cutAt(s, limits.maxChars())), true);
        }
        if (value == null || value instanceof Integer || value instanceof Long || value instanceof Boolean
                || value instanceof Double || value instanceof Character || value instanceof Float
                || value instanceof Short || value instanceof Byte) {
            return value;
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
     * @return its type and message, cut at the length limit and then marked so
     */
    public ExceptionInfo exception(Throwable thrown) {
        String message;
        try {
            message = thrown.getMessage();
        } catch (Throwable failure) {
            message = "<getMessage() threw " + failure.getClass().getName() + ">";
        }
        if (message != null && message.length() > limits.maxChars()) {
            String kept = message.substring(0, cutAt(message, limits.maxChars()));
            return new ExceptionInfo(thrown.getClass().getName(), kept, true);
        }
        return new ExceptionInfo(thrown.getClass().getName(), message);
    }

    /**
     * Returns where to cut a text to keep at most {@code max} characters: at {@code max}, or one
     * before if that would split a surrogate pair.
     */
    static int cutAt(CharSequence text, int max) {
        if (max <= 0 || max >= text.length()) {
            return Math.max(0, Math.min(max, text.length()));
        }
        return Character.isHighSurrogate(text.charAt(max - 1)) && Character.isLowSurrogate(text.charAt(max))
                ? max - 1 : max;
    }

    private void render(Object value, Text out, int depth, IdentityHashMap<Object, Boolean> seen) {
        if (out.full()) {
            out.markCut();
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
                renderBeyondDepth(value, out);
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

    /** Renders a container nested too deep: empty as such, else as an ellipsis that hides its elements. */
    private static void renderBeyondDepth(Object container, Text out) {
        boolean map = container instanceof Map<?, ?>;
        boolean empty = map ? ((Map<?, ?>) container).isEmpty()
                : container instanceof Collection<?> collection ? collection.isEmpty()
                : Array.getLength(container) == 0;
        if (empty) {
            out.append(map ? "{}" : "[]");
        } else {
            out.append(map ? "{...}" : "[...]");
            out.truncated = true;
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
            out.truncated = true;
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

    /**
     * A bounded string builder that remembers whether it had to leave anything out. Once a cut at
     * the length limit happens, nothing more is appended, so a cut text never ends in a closing
     * quote or bracket that would make it look whole.
     */
    private static final class Text {
        private final StringBuilder builder = new StringBuilder();
        private final int max;
        private boolean cut;
        boolean truncated;

        Text(int max) {
            this.max = max;
        }

        boolean full() {
            return cut || builder.length() >= max;
        }

        Text append(String s) {
            if (cut) {
                return this;
            }
            int room = max - builder.length();
            if (s.length() <= room) {
                builder.append(s);
            } else {
                builder.append(s, 0, cutAt(s, Math.max(0, room)));
                markCut();
            }
            return this;
        }

        /** Appends a string or character quoted and escaped as {@code CallFormatter} shows them. */
        void appendQuoted(String s, char quote) {
            if (full()) {
                markCut();
                return;
            }
            builder.append(quote);
            if (StringEscaper.appendEscaped(builder, s, quote, max) < s.length() || builder.length() >= max) {
                markCut();
                return;
            }
            builder.append(quote);
        }

        void markCut() {
            cut = true;
            truncated = true;
        }

        @Override
        public String toString() {
            return builder.toString();
        }
    }
}
