package dev.smarttracer.agent.internal.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One control message: a JSON object with a {@code "type"} and members, built with
 * {@link #with} or parsed from a frame, with typed access that refuses a missing or mistyped
 * member by name. Its text is read and written by the protocol's own strict JSON codec,
 * {@link ControlJsonReader} and {@link ControlJsonWriter}; it travels in a
 * {@link FrameKind#CONTROL} frame.
 *
 * <p>Immutable and thread-safe.
 */
public final class Message {

    private final Map<String, Object> members;

    private Message(Map<String, Object> members) {
        this.members = Collections.unmodifiableMap(members);
    }

    /**
     * Starts a message of a type.
     *
     * @param type the type, e.g. {@link Protocol#HELLO}
     * @return the message, with only its type
     */
    public static Message of(String type) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", Objects.requireNonNull(type, "type"));
        return new Message(members);
    }

    /**
     * Parses a frame's text.
     *
     * @param json the text
     * @return the message
     * @throws MalformedFrameException if the text is not a JSON object with a string {@code "type"}
     */
    @SuppressWarnings("unchecked")
    public static Message parse(String json) throws MalformedFrameException {
        Object value;
        try {
            value = ControlJsonReader.parse(json);
        } catch (MalformedFrameException malformed) {
            throw new MalformedFrameException("frame is not JSON: " + malformed.getMessage(), malformed);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new MalformedFrameException("frame is not a JSON object");
        }
        if (!(map.get("type") instanceof String)) {
            throw new MalformedFrameException("frame has no string member \"type\"");
        }
        return new Message(new LinkedHashMap<>((Map<String, Object>) map));
    }

    /**
     * Returns this message with one more member, or a member replaced.
     *
     * @param name the member's name
     * @param value a string, number, boolean, {@code null}, list or map of such values
     * @return the new message
     */
    public Message with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(members);
        copy.put(Objects.requireNonNull(name, "name"), value);
        return new Message(copy);
    }

    /** Returns the message's type. */
    public String type() {
        return (String) members.get("type");
    }

    /** Tells whether a member is present (even if {@code null}). */
    public boolean has(String name) {
        return members.containsKey(name);
    }

    /**
     * Returns a member that must be a string.
     *
     * @param name the member
     * @return its value
     * @throws MalformedFrameException if it is missing or not a string
     */
    public String string(String name) throws MalformedFrameException {
        if (members.get(name) instanceof String text) {
            return text;
        }
        throw wrong(name, "a string");
    }

    /**
     * Returns a member that may be absent or {@code null}, else must be a string.
     *
     * @param name the member
     * @return its value, or {@code null}
     * @throws MalformedFrameException if it is of another type
     */
    public String stringOrNull(String name) throws MalformedFrameException {
        Object value = members.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrong(name, "a string");
    }

    /**
     * Returns a member that must be a whole number.
     *
     * @param name the member
     * @return its value
     * @throws MalformedFrameException if it is missing or not a whole number
     */
    public long whole(String name) throws MalformedFrameException {
        if (members.get(name) instanceof Long number) {
            return number;
        }
        throw wrong(name, "a whole number");
    }

    /**
     * Returns a member that may be absent or {@code null}, else must be a whole number.
     *
     * @param name the member
     * @param fallback the value if it is absent or {@code null}
     * @return its value
     * @throws MalformedFrameException if it is of another type
     */
    public long whole(String name, long fallback) throws MalformedFrameException {
        return members.get(name) == null ? fallback : whole(name);
    }

    /**
     * Returns a member that may be absent, else must be {@code true} or {@code false}.
     *
     * @param name the member
     * @param fallback the value if it is absent
     * @return its value
     * @throws MalformedFrameException if it is of another type
     */
    public boolean flag(String name, boolean fallback) throws MalformedFrameException {
        Object value = members.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw wrong(name, "true or false");
    }

    /**
     * Returns a member that may be absent, else must be an array.
     *
     * @param name the member
     * @return its elements, empty if absent
     * @throws MalformedFrameException if it is of another type
     */
    public List<Object> list(String name) throws MalformedFrameException {
        Object value = members.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return Collections.unmodifiableList(list);
        }
        throw wrong(name, "an array");
    }

    /**
     * Returns a member that may be absent, else must be an object.
     *
     * @param name the member
     * @return its members, empty if absent
     * @throws MalformedFrameException if it is of another type
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String name) throws MalformedFrameException {
        Object value = members.get(name);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return Collections.unmodifiableMap((Map<String, Object>) map);
        }
        throw wrong(name, "an object");
    }

    /** Returns the message as JSON text on one line. */
    public String toJson() {
        return ControlJsonWriter.write(members);
    }

    private MalformedFrameException wrong(String name, String expected) {
        Object value = members.get(name);
        return new MalformedFrameException("\"" + type() + "\" message: member \"" + name + "\" must be " + expected
                + "; got " + (value == null ? (members.containsKey(name) ? "null" : "nothing")
                        : ControlJsonWriter.write(value)));
    }

    @Override
    public String toString() {
        return toJson();
    }
}
