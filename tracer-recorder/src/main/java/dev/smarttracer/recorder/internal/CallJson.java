package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.EnumValue;
import dev.smarttracer.recorder.ExceptionInfo;
import dev.smarttracer.recorder.Rendered;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a {@link Call} to one line of JSON and back, schema version {@value #SCHEMA}.
 *
 * <p>Strings, booleans and {@code null} are plain JSON; every other snapshot value is an object
 * tagged with its kind, so a round trip keeps {@code int} apart from {@code long}:
 * {@code {"int":5}}, {@code {"long":5}}, {@code {"short":5}}, {@code {"byte":5}},
 * {@code {"char":"c"}}, {@code {"float":1.5}}, {@code {"double":"NaN"}},
 * {@code {"enum":"com.acme.Color","name":"RED"}},
 * {@code {"rendered":"com.acme.Point","text":"Point(3, 4)","truncated":false}}.
 * {@code returnValue} is present only on the RETURN of a non-void method (so {@code null} and
 * absent differ), {@code exception} only on an EXCEPTION. Control characters and lone surrogates
 * are escaped, other characters written as they are (files are UTF-8).
 *
 * <p>Stateless and thread-safe.
 */
public final class CallJson {

    /** The schema version written in every line's {@code "schema"} member. */
    public static final int SCHEMA = 1;

    private static final Set<String> MEMBERS = Set.of("schema", "traceId", "callId", "type", "className",
            "methodName", "descriptor", "arity", "args", "returnValue", "exception", "threadName", "threadId",
            "timestamp", "durationNanos");

    private CallJson() {
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
            out.append('}');
        }
        out.append(",\"threadName\":");
        string(out, call.threadName());
        out.append(",\"threadId\":").append(call.threadId())
                .append(",\"timestamp\":\"").append(call.timestamp()).append('"')
                .append(",\"durationNanos\":").append(call.durationNanos())
                .append('}');
        return out.toString();
    }

    /**
     * Reads one line written by {@link #write(Call)}.
     *
     * @param line the line
     * @return the call
     * @throws IllegalArgumentException saying what is wrong with the line
     */
    public static Call read(String line) {
        if (!(JsonReader.parse(line) instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException("a line must be a JSON object");
        }
        for (Object key : object.keySet()) {
            if (!MEMBERS.contains(key)) {
                throw new IllegalArgumentException("unknown member \"" + key + "\"");
            }
        }
        long schema = longOf(object, "schema");
        if (schema != SCHEMA) {
            throw new IllegalArgumentException("schema " + schema + " is not supported; this version reads schema "
                    + SCHEMA);
        }
        CallType type;
        try {
            type = CallType.valueOf(stringOf(object, "type"));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("\"type\" must be CALL, RETURN or EXCEPTION; got \""
                    + object.get("type") + "\"");
        }
        if (!(object.get("args") instanceof List<?> rawArgs)) {
            throw new IllegalArgumentException("\"args\" must be an array");
        }
        List<Object> args = new ArrayList<>(rawArgs.size());
        for (Object raw : rawArgs) {
            args.add(snapshot(raw));
        }
        Object returnValue = object.containsKey("returnValue") ? snapshot(object.get("returnValue")) : null;
        ExceptionInfo exception = null;
        if (object.get("exception") instanceof Map<?, ?> raised) {
            Object message = raised.get("message");
            if (message != null && !(message instanceof String)) {
                throw new IllegalArgumentException("\"exception.message\" must be a string or null");
            }
            exception = new ExceptionInfo(stringOf(raised, "type"), (String) message);
        } else if (object.containsKey("exception")) {
            throw new IllegalArgumentException("\"exception\" must be an object");
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse(stringOf(object, "timestamp"));
        } catch (DateTimeParseException bad) {
            throw new IllegalArgumentException("\"timestamp\" must be an ISO-8601 instant such as"
                    + " 2026-01-02T03:04:05.123456789Z; got \"" + object.get("timestamp") + "\"");
        }
        long arity = longOf(object, "arity");
        if (arity < 0 || arity > 255) {
            throw new IllegalArgumentException("\"arity\" must be within 0..255; got " + arity);
        }
        return new Call(longOf(object, "traceId"), longOf(object, "callId"), type, stringOf(object, "className"),
                stringOf(object, "methodName"), stringOf(object, "descriptor"), (int) arity, args, returnValue,
                exception, stringOf(object, "threadName"), longOf(object, "threadId"), timestamp,
                longOf(object, "durationNanos"));
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

    private static Object snapshot(Object raw) {
        if (raw == null || raw instanceof String || raw instanceof Boolean) {
            return raw;
        }
        if (!(raw instanceof Map<?, ?> tagged) || tagged.isEmpty()) {
            throw new IllegalArgumentException("a value must be null, a string, a boolean or a tagged object such as"
                    + " {\"int\":5}; got " + raw);
        }
        String kind = (String) tagged.keySet().iterator().next();
        Object payload = tagged.get(kind);
        try {
            return switch (kind) {
                case "int" -> only(tagged, 1, Integer.parseInt(number(payload)));
                case "long" -> only(tagged, 1, Long.parseLong(number(payload)));
                case "short" -> only(tagged, 1, Short.parseShort(number(payload)));
                case "byte" -> only(tagged, 1, Byte.parseByte(number(payload)));
                case "char" -> {
                    String s = (String) payload;
                    if (s.length() != 1) {
                        throw new IllegalArgumentException("a char holds one character; got \"" + s + "\"");
                    }
                    yield only(tagged, 1, s.charAt(0));
                }
                case "float" -> only(tagged, 1, Float.parseFloat(floatText(payload)));
                case "double" -> only(tagged, 1, Double.parseDouble(floatText(payload)));
                case "enum" -> only(tagged, 2, new EnumValue((String) payload, (String) tagged.get("name")));
                case "rendered" -> only(tagged, 3, new Rendered((String) payload, (String) tagged.get("text"),
                        Boolean.TRUE.equals(tagged.get("truncated"))));
                default -> throw new IllegalArgumentException("unknown value kind \"" + kind + "\"");
            };
        } catch (ClassCastException | NullPointerException | NumberFormatException bad) {
            throw new IllegalArgumentException("malformed " + kind + " value " + raw);
        }
    }

    private static <T> T only(Map<?, ?> tagged, int members, T value) {
        if (tagged.size() != members) {
            throw new IllegalArgumentException("unexpected members in " + tagged);
        }
        return value;
    }

    private static String number(Object payload) {
        return ((JsonReader.Number) payload).text();
    }

    private static String floatText(Object payload) {
        if (payload instanceof String special) {
            if (!special.equals("NaN") && !special.equals("Infinity") && !special.equals("-Infinity")) {
                throw new IllegalArgumentException("a quoted float must be NaN, Infinity or -Infinity; got " + special);
            }
            return special;
        }
        return number(payload);
    }

    private static String stringOf(Map<?, ?> object, String member) {
        Object value = object.get(member);
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(value == null && !object.containsKey(member)
                    ? "missing member \"" + member + "\"" : "\"" + member + "\" must be a string");
        }
        return s;
    }

    private static long longOf(Map<?, ?> object, String member) {
        Object value = object.get(member);
        if (!(value instanceof JsonReader.Number n)) {
            throw new IllegalArgumentException(value == null && !object.containsKey(member)
                    ? "missing member \"" + member + "\"" : "\"" + member + "\" must be a whole number");
        }
        try {
            return Long.parseLong(n.text());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + member + "\" must be a whole number; got " + n.text());
        }
    }

    private static void string(StringBuilder out, String s) {
        StringEscaper.appendQuoted(out, s, '"');
    }
}
