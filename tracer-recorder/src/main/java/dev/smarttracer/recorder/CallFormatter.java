package dev.smarttracer.recorder;

import dev.smarttracer.recorder.internal.StringEscaper;
import java.util.List;

/**
 * Renders calls and snapshot values as text, in SmartTracer's words.
 *
 * <pre>
 * com.acme.Foo.bar/1 is being called with: ["Buzz"]
 * com.acme.Foo.bar/1 returns: "Hello, my name is FizzBuzz"
 * com.acme.Foo.bar/1 raised: java.lang.IllegalStateException: boom
 * </pre>
 *
 * <p>With its caller stack ({@link #describeWithStack(Call)}), a CALL's frames follow it:
 *
 * <pre>
 * com.acme.Foo.bar/1 is being called with: ["Buzz"]
 *     at com.acme.Web.handle(Web.java:42)
 *     at com.acme.Server.run(Server.java:17)
 * </pre>
 *
 * <p>Strings are quoted and escaped as in JSON Lines (quotes, backslashes, control characters,
 * U+2028, U+2029 and unpaired surrogates), characters single-quoted and escaped alike, enum
 * constants shown as {@code Type.NAME}, rendered objects as their text, and the return of a
 * {@code void} method as {@code void}. Whatever was cut is marked {@code ...}: a long string
 * that was cut (a {@link Rendered} of type {@code java.lang.String}) reads
 * {@code "its first characters"...}, a cut rendering {@code text...}, and a cut exception message
 * {@code type: message...}. Stateless and thread-safe.
 */
public final class CallFormatter {

    private CallFormatter() {
    }

    /**
     * Describes one event as a single line.
     *
     * @param call the event
     * @return the line, without a line terminator
     */
    public static String describe(Call call) {
        StringBuilder line = new StringBuilder(64).append(call.signature());
        switch (call.type()) {
            case CALL -> appendValues(line.append(" is being called with: "), call.args());
            case RETURN -> {
                line.append(" returns: ");
                if (call.isVoid()) {
                    line.append("void");
                } else {
                    appendValue(line, call.returnValue());
                }
            }
            case EXCEPTION -> line.append(" raised: ").append(call.exception());
        }
        return line.toString();
    }

    /**
     * Describes one event with its caller stack: the line of {@link #describe(Call)}, then one line
     * per caller frame, indented as in a stack trace ({@code     at com.acme.Web.handle(Web.java:42)}).
     * An event without a stack is its one line.
     *
     * @param call the event
     * @return the lines, separated by {@code \n}, without a final line terminator
     */
    public static String describeWithStack(Call call) {
        String line = describe(call);
        if (call.stack().isEmpty()) {
            return line;
        }
        StringBuilder lines = new StringBuilder(line.length() + 64 * call.stack().size()).append(line);
        for (CallerFrame frame : call.stack()) {
            lines.append("\n    at ").append(frame);
        }
        return lines.toString();
    }

    /**
     * Renders one snapshot value as it appears in {@link #describe(Call)}.
     *
     * @param value a snapshot value
     * @return its text
     */
    public static String value(Object value) {
        StringBuilder text = new StringBuilder();
        appendValue(text, value);
        return text.toString();
    }

    private static void appendValues(StringBuilder out, List<Object> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            appendValue(out, values.get(i));
        }
        out.append(']');
    }

    private static void appendValue(StringBuilder out, Object value) {
        if (value instanceof String s) {
            StringEscaper.appendQuoted(out, s, '"');
        } else if (value instanceof Character c) {
            StringEscaper.appendQuoted(out, c.toString(), '\'');
        } else if (value instanceof Rendered r && r.type().equals(String.class.getName())) {
            // A string cut at the length limit: quoted like any string, and marked after the quote.
            StringEscaper.appendQuoted(out, r.text(), '"').append(r.truncated() ? "..." : "");
        } else {
            out.append(value);
        }
    }
}
