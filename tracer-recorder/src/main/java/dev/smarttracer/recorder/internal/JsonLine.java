package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.CallerFrame;
import dev.smarttracer.recorder.EnumValue;
import dev.smarttracer.recorder.ExceptionInfo;
import dev.smarttracer.recorder.Rendered;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.internal.JsonReader.Node;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts one line of JSON Lines to and from what it holds: a {@link Call} (an event) or a
 * {@link TraceEnd} (the end of a recorded trace). Writes schema {@value #SCHEMA}; reads every
 * schema from 1 to {@value #SCHEMA}.
 *
 * <p>Every line is an object with {@code schema}, {@code traceId} and {@code type}. An event's
 * {@code type} is {@code CALL}, {@code RETURN} or {@code EXCEPTION}; a trace end's is
 * {@code TRACE_END} (schema 2), with {@code stopReason}, {@code droppedEvents} and
 * {@code lostEvents}. An exception's {@code messageTruncated} is schema 2 too. A CALL's
 * {@code stack} (schema 3) lists its caller's frames, present only when the trace captured
 * them: {@code [{"className":"com.acme.Web","methodName":"handle","fileName":"Web.java","line":42}]},
 * {@code fileName} {@code null} and {@code line} {@code -1} where the class does not say. Strings, booleans and {@code null} are plain JSON; every other snapshot
 * value is an object tagged with its kind, so a round trip keeps {@code int} apart from
 * {@code long}: {@code {"int":5}}, {@code {"long":5}}, {@code {"short":5}}, {@code {"byte":5}},
 * {@code {"char":"c"}}, {@code {"float":1.5}}, {@code {"double":"NaN"}},
 * {@code {"enum":"com.acme.Color","name":"RED"}},
 * {@code {"rendered":"com.acme.Point","text":"Point(3, 4)","truncated":false}}.
 * {@code returnValue} is present only on the RETURN of a non-void method (so {@code null} and
 * absent differ), {@code exception} only on an EXCEPTION. Strings are escaped by
 * {@link StringEscaper}, so each line is one line; other characters are written as they are
 * (files are UTF-8).
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonLine {

    /** The schema version written in every line's {@code "schema"} member. */
    public static final int SCHEMA = 3;
    /** The line type of a trace's end, which follows the trace's events. */
    public static final String TRACE_END = "TRACE_END";

    private static final Set<String> EVENT_MEMBERS = Set.of("schema", "traceId", "callId", "type", "className",
            "methodName", "descriptor", "arity", "args", "returnValue", "exception", "threadName", "threadId",
            "timestamp", "durationNanos", "stack");
    private static final Set<String> FRAME_MEMBERS = Set.of("className", "methodName", "fileName", "line");
    private static final Set<String> EXCEPTION_MEMBERS = Set.of("type", "message", "messageTruncated");
    private static final Set<String> EXCEPTION_MEMBERS_1 = Set.of("type", "message");
    private static final Set<String> TRACE_END_MEMBERS = Set.of("schema", "traceId", "type", "stopReason",
            "droppedEvents", "lostEvents");

    private JsonLine() {
    }

    /**
     * Writes how a trace ended as one line of JSON, without a line terminator.
     *
     * @param end the trace's end
     * @return the line
     */
    public static String write(TraceEnd end) {
        return "{\"schema\":" + SCHEMA + ",\"traceId\":" + end.traceId() + ",\"type\":\"" + TRACE_END
                + "\",\"stopReason\":\"" + end.stopReason().name() + "\",\"droppedEvents\":" + end.droppedEvents()
                + ",\"lostEvents\":" + end.lostEvents() + "}";
    }

    /**
     * Writes one call as one line of JSON, without a line terminator.
     *
     * @param call the call
     * @return the line
     */
    public static String write(Call call) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"schema\":").append(SCHEMA)
                .append(",\"traceId\":").append(call.traceId())
                .append(",\"callId\":").append(call.callId())
                .append(",\"type\":\"").append(call.type().name()).append('"')
                .append(",\"className\":");
        string(out, call.className());
        out.append(",\"methodName\":");
        string(out, call.methodName());
        out.append(",\"descriptor\":");
        string(out, call.descriptor());
        out.append(",\"arity\":").append(call.arity()).append(",\"args\":[");
        for (int i = 0; i < call.args().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            value(out, call.args().get(i));
        }
        out.append(']');
        if (call.type() == CallType.RETURN && !call.isVoid()) {
            out.append(",\"returnValue\":");
            value(out, call.returnValue());
        }
        if (call.exception() != null) {
            out.append(",\"exception\":{\"type\":");
            string(out, call.exception().type());
            out.append(",\"message\":");
            if (call.exception().message() == null) {
                out.append("null");
            } else {
                string(out, call.exception().message());
            }
            out.append(",\"messageTruncated\":").append(call.exception().messageTruncated()).append('}');
        }
        out.append(",\"threadName\":");
        string(out, call.threadName());
        out.append(",\"threadId\":").append(call.threadId())
                .append(",\"timestamp\":\"").append(call.timestamp()).append('"')
                .append(",\"durationNanos\":").append(call.durationNanos());
        if (!call.stack().isEmpty()) {
            out.append(",\"stack\":[");
            for (int i = 0; i < call.stack().size(); i++) {
                CallerFrame frame = call.stack().get(i);
                out.append(i > 0 ? ",{\"className\":" : "{\"className\":");
                string(out, frame.className());
                out.append(",\"methodName\":");
                string(out, frame.methodName());
                out.append(",\"fileName\":");
                if (frame.fileName() == null) {
                    out.append("null");
                } else {
                    string(out, frame.fileName());
                }
                out.append(",\"line\":").append(frame.lineNumber()).append('}');
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    /**
     * Reads one line written by {@link #write(Call)} or {@link #write(TraceEnd)}, or by an earlier
     * schema's writer.
     *
     * @param line the line
     * @return a {@link Call} or a {@link TraceEnd}
     * @throws IllegalArgumentException saying what is wrong with the line and at which column
     */
    public static Object read(String line) {
        JsonObject object = JsonObject.of(JsonReader.parse(line), line, "a line");
        long schema = object.whole("schema");
        if (schema < 1 || schema > SCHEMA) {
            throw object.error("schema", "schema " + schema + " is not supported; this version reads schemas 1 to "
                    + SCHEMA);
        }
        if (TRACE_END.equals(object.string("type"))) {
            if (schema < 2) {
                throw object.error("type", "TRACE_END lines exist from schema 2; this line says schema " + schema);
            }
            return traceEnd(object);
        }
        return call(object, schema);
    }

    private static TraceEnd traceEnd(JsonObject object) {
        object.allowOnly(TRACE_END_MEMBERS);
        String name = object.string("stopReason");
        StopReason reason = null;
        for (StopReason candidate : StopReason.values()) {
            if (candidate.name().equals(name)) {
                reason = candidate;
                break;
            }
        }
        if (reason == null) {
            throw object.error("stopReason", "\"stopReason\" must be one of " + Arrays.toString(StopReason.values())
                    + "; got " + JsonObject.describe(object.node("stopReason")));
        }
        long traceId = object.whole("traceId");
        if (traceId < 1) {
            throw object.error("traceId", "\"traceId\" starts at 1; got " + traceId);
        }
        return new TraceEnd(traceId, reason, count(object, "droppedEvents"), count(object, "lostEvents"));
    }

    private static long count(JsonObject object, String member) {
        long count = object.whole(member);
        if (count < 0) {
            throw object.error(member, "\"" + member + "\" must be 0 or more; got " + count);
        }
        return count;
    }

    private static Call call(JsonObject object, long schema) {
        String line = object.line();
        object.allowOnly(EVENT_MEMBERS);
        CallType type = callType(object);
        String descriptor = object.string("descriptor");
        int arity = arity(object, descriptor);
        List<Object> args = new ArrayList<>();
        for (Node arg : object.array("args")) {
            args.add(snapshot(arg, line));
        }
        Object returnValue = object.has("returnValue") ? snapshot(object.node("returnValue"), line) : null;
        ExceptionInfo exception = null;
        if (object.has("exception")) {
            exception = exception(object.object("exception"), schema);
        }
        List<CallerFrame> stack = List.of();
        if (object.has("stack")) {
            if (schema < 3) {
                throw object.error("stack", "\"stack\" exists from schema 3; this line says schema " + schema);
            }
            stack = stack(object, line);
        }
        Instant timestamp;
        try {
            timestamp = Instants.parse(object.string("timestamp"));
        } catch (DateTimeParseException bad) {
            throw object.error("timestamp", "\"timestamp\" must be an ISO-8601 instant such as"
                    + " 2026-01-02T03:04:05.123456789Z; got " + JsonObject.describe(object.node("timestamp")));
        }
        try {
            return new Call(object.whole("traceId"), object.whole("callId"), type, object.string("className"),
                    object.string("methodName"), descriptor, arity, args, returnValue, exception,
                    object.string("threadName"), object.whole("threadId"), timestamp, object.whole("durationNanos"),
                    stack);
        } catch (IllegalArgumentException inconsistent) {
            if (inconsistent instanceof MalformedJsonException located) {
                throw located;
            }
            throw object.error(inconsistent.getMessage());
        }
    }

    private static List<CallerFrame> stack(JsonObject object, String line) {
        List<CallerFrame> stack = new ArrayList<>();
        for (Node node : object.array("stack")) {
            JsonObject frame = JsonObject.of(node, line, "a stack frame");
            frame.allowOnly(FRAME_MEMBERS);
            long number = frame.whole("line");
            if (number < -1 || number > Integer.MAX_VALUE) {
                throw frame.error("line", "\"line\" must be a line number, or -1 when unknown; got " + number);
            }
            try {
                stack.add(new CallerFrame(frame.string("className"), frame.string("methodName"),
                        frame.stringOrNull("fileName"), (int) number));
            } catch (IllegalArgumentException blank) {
                throw frame.error(blank.getMessage());
            }
        }
        return stack;
    }

    private static ExceptionInfo exception(JsonObject raised, long schema) {
        if (schema < 2) {
            raised.allowOnly(EXCEPTION_MEMBERS_1);
            return new ExceptionInfo(raised.string("type"), raised.stringOrNull("message"));
        }
        raised.allowOnly(EXCEPTION_MEMBERS);
        String message = raised.stringOrNull("message");
        boolean truncated = raised.bool("messageTruncated");
        if (truncated && message == null) {
            throw raised.error("messageTruncated", "\"messageTruncated\" is true but \"message\" is null;"
                    + " only a message can be cut");
        }
        return new ExceptionInfo(raised.string("type"), message, truncated);
    }

    private static CallType callType(JsonObject object) {
        String name = object.string("type");
        for (CallType type : CallType.values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        throw object.error("type", "\"type\" must be CALL, RETURN, EXCEPTION or TRACE_END; got "
                + JsonObject.describe(object.node("type")));
    }

    private static int arity(JsonObject object, String descriptor) {
        long arity = object.whole("arity");
        if (arity < 0 || arity > 255) {
            throw object.error("arity", "\"arity\" must be within 0..255; got " + arity);
        }
        int declared = MethodDescriptor.parameterCount(descriptor);
        if (declared < 0) {
            throw object.error("descriptor", "\"descriptor\" must be a JVM method descriptor such as"
                    + " (Ljava/lang/String;I)V; got " + JsonObject.describe(object.node("descriptor")));
        }
        if (arity != declared) {
            throw object.error("arity", "\"arity\" is " + arity + " but the descriptor " + descriptor + " declares "
                    + declared + (declared == 1 ? " parameter" : " parameters"));
        }
        return (int) arity;
    }

    private static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Integer i) {
            out.append("{\"int\":").append(i).append('}');
        } else if (value instanceof Long l) {
            out.append("{\"long\":").append(l).append('}');
        } else if (value instanceof Short s) {
            out.append("{\"short\":").append(s).append('}');
        } else if (value instanceof Byte b) {
            out.append("{\"byte\":").append(b).append('}');
        } else if (value instanceof Character c) {
            out.append("{\"char\":");
            string(out, c.toString());
            out.append('}');
        } else if (value instanceof Float f) {
            out.append("{\"float\":");
            floating(out, f.isNaN() || f.isInfinite(), f.toString());
            out.append('}');
        } else if (value instanceof Double d) {
            out.append("{\"double\":");
            floating(out, d.isNaN() || d.isInfinite(), d.toString());
            out.append('}');
        } else if (value instanceof EnumValue e) {
            out.append("{\"enum\":");
            string(out, e.type());
            out.append(",\"name\":");
            string(out, e.name());
            out.append('}');
        } else if (value instanceof Rendered r) {
            out.append("{\"rendered\":");
            string(out, r.type());
            out.append(",\"text\":");
            string(out, r.text());
            out.append(",\"truncated\":").append(r.truncated()).append('}');
        } else {
            throw new IllegalArgumentException("not a snapshot value: " + value.getClass().getName());
        }
    }

    private static void floating(StringBuilder out, boolean special, String text) {
        if (special) {
            out.append('"').append(text).append('"');
        } else {
            out.append(text);
        }
    }

    private static Object snapshot(Node node, String line) {
        Object raw = node.value();
        if (raw == null || raw instanceof String || raw instanceof Boolean) {
            return raw;
        }
        if (!(raw instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new MalformedJsonException("a value must be null, a string, a boolean or a tagged object such as"
                    + " {\"int\":5}; got " + JsonObject.describe(node), line, node.offset());
        }
        JsonObject tagged = JsonObject.of(node, line, "a value");
        String kind = tagged.names().iterator().next();
        return switch (kind) {
            case "int" -> only(tagged, 1, whole(tagged, kind, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue());
            case "long" -> only(tagged, 1, whole(tagged, kind, Long.MIN_VALUE, Long.MAX_VALUE));
            case "short" -> only(tagged, 1, whole(tagged, kind, Short.MIN_VALUE, Short.MAX_VALUE).shortValue());
            case "byte" -> only(tagged, 1, whole(tagged, kind, Byte.MIN_VALUE, Byte.MAX_VALUE).byteValue());
            case "char" -> {
                String s = tagged.string(kind);
                if (s.length() != 1) {
                    throw tagged.error(kind, "a char holds one UTF-16 unit; got " + JsonObject.describe(tagged.node(kind)));
                }
                yield only(tagged, 1, s.charAt(0));
            }
            case "float" -> {
                double value = floating(tagged, kind);
                float narrowed = (float) value;
                if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
                    throw tagged.error(kind, "float " + JsonObject.describe(tagged.node(kind))
                            + " is out of range: it overflows to infinity");
                }
                yield only(tagged, 1, narrowed);
            }
            case "double" -> only(tagged, 1, floating(tagged, kind));
            case "enum" -> only(tagged, 2, new EnumValue(tagged.string(kind), tagged.string("name")));
            case "rendered" -> only(tagged, 3, new Rendered(tagged.string(kind), tagged.string("text"),
                    tagged.bool("truncated")));
            default -> throw tagged.error(kind, "unknown value kind \"" + kind + "\"");
        };
    }

    private static <T> T only(JsonObject tagged, int members, T value) {
        if (tagged.size() != members) {
            throw tagged.error("a tagged value has " + members + (members == 1 ? " member" : " members")
                    + "; this one has " + tagged.names());
        }
        return value;
    }

    private static Long whole(JsonObject tagged, String kind, long min, long max) {
        Node node = tagged.node(kind);
        if (node.value() instanceof JsonReader.Number n) {
            try {
                long value = Long.parseLong(n.text());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException notWhole) {
                // reported below, with the value
            }
        }
        throw tagged.error(node, "a " + kind + " must be a whole number within " + min + ".." + max + "; got "
                + JsonObject.describe(node));
    }

    private static double floating(JsonObject tagged, String kind) {
        Node node = tagged.node(kind);
        if (node.value() instanceof JsonReader.Number n) {
            // JsonReader has refused numbers that overflow a double.
            return Double.parseDouble(n.text());
        }
        if (node.value() instanceof String special) {
            switch (special) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw tagged.error(node, "a " + kind + " must be a number, or \"NaN\", \"Infinity\" or \"-Infinity\"; got "
                + JsonObject.describe(node));
    }

    private static void string(StringBuilder out, String s) {
        StringEscaper.appendQuoted(out, s, '"');
    }
}
