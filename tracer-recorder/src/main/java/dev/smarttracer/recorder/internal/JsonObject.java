package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.internal.JsonReader.Node;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One parsed JSON object of a line, with typed access to its members: a member that is
 * missing or of the wrong type is an error naming the member, what it holds and its column.
 *
 * <p>Not thread-safe; used while one line is read.
 */
final class JsonObject {

    private final Map<String, Node> members;
    private final int offset;
    private final String line;

    private JsonObject(Map<String, Node> members, int offset, String line) {
        this.members = members;
        this.offset = offset;
        this.line = line;
    }

    /**
     * Views a value as an object.
     *
     * @param node the value
     * @param line the line it was parsed from
     * @param what what the object is, for the error, e.g. {@code "a line"}
     * @return the object
     * @throws MalformedJsonException if the value is not an object
     */
    @SuppressWarnings("unchecked") // JsonReader makes every object a Map<String, Node>
    static JsonObject of(Node node, String line, String what) {
        if (!(node.value() instanceof Map<?, ?> map)) {
            throw new MalformedJsonException(what + " must be a JSON object; got " + describe(node), line,
                    node.offset());
        }
        return new JsonObject((Map<String, Node>) map, node.offset(), line);
    }

    /** Refuses a member whose name is not one of {@code allowed}. */
    void allowOnly(Set<String> allowed) {
        for (Map.Entry<String, Node> member : members.entrySet()) {
            if (!allowed.contains(member.getKey())) {
                throw error(member.getValue(), "unknown member \"" + member.getKey() + "\"");
            }
        }
    }

    /** Returns the line this object was parsed from. */
    String line() {
        return line;
    }

    /** Returns the member names, in the line's order. */
    Set<String> names() {
        return members.keySet();
    }

    /** Returns how many members the object has. */
    int size() {
        return members.size();
    }

    /** Tells whether the object has a member. */
    boolean has(String member) {
        return members.containsKey(member);
    }

    /** Returns a member's value, which must be present. */
    Node node(String member) {
        Node node = members.get(member);
        if (node == null) {
            throw new MalformedJsonException("missing member \"" + member + "\"", line, offset);
        }
        return node;
    }

    /** Returns a member that must be a string. */
    String string(String member) {
        Node node = node(member);
        if (!(node.value() instanceof String s)) {
            throw error(node, "\"" + member + "\" must be a string; got " + describe(node));
        }
        return s;
    }

    /** Returns a member that must be a string or {@code null}. */
    String stringOrNull(String member) {
        Node node = node(member);
        if (node.value() != null && !(node.value() instanceof String)) {
            throw error(node, "\"" + member + "\" must be a string or null; got " + describe(node));
        }
        return (String) node.value();
    }

    /** Returns a member that must be a whole number within the range of a {@code long}. */
    long whole(String member) {
        Node node = node(member);
        if (node.value() instanceof JsonReader.Number n) {
            try {
                return Long.parseLong(n.text());
            } catch (NumberFormatException notWhole) {
                // reported below, with the value
            }
        }
        throw error(node, "\"" + member + "\" must be a whole number; got " + describe(node));
    }

    /** Returns a member that must be {@code true} or {@code false}. */
    boolean bool(String member) {
        Node node = node(member);
        if (!(node.value() instanceof Boolean b)) {
            throw error(node, "\"" + member + "\" must be true or false; got " + describe(node));
        }
        return b;
    }

    /** Returns a member that must be an array. */
    @SuppressWarnings("unchecked") // JsonReader makes every array a List<Node>
    List<Node> array(String member) {
        Node node = node(member);
        if (!(node.value() instanceof List<?> list)) {
            throw error(node, "\"" + member + "\" must be an array; got " + describe(node));
        }
        return (List<Node>) list;
    }

    /** Returns a member that must be an object. */
    JsonObject object(String member) {
        Node node = node(member);
        if (!(node.value() instanceof Map<?, ?>)) {
            throw error(node, "\"" + member + "\" must be an object; got " + describe(node));
        }
        return of(node, line, "\"" + member + "\"");
    }

    /** Returns an error at a member's value. */
    MalformedJsonException error(String member, String reason) {
        return error(node(member), reason);
    }

    /** Returns an error at a value of this line. */
    MalformedJsonException error(Node node, String reason) {
        return new MalformedJsonException(reason, line, node.offset());
    }

    /** Returns an error at the start of this object. */
    MalformedJsonException error(String reason) {
        return new MalformedJsonException(reason, line, offset);
    }

    /** Returns a value as it reads in an error message, shortened if long. */
    static String describe(Node node) {
        Object value = node.value();
        if (value instanceof String s) {
            String shown = s.length() <= 60 ? s : s.substring(0, 57) + "...";
            return StringEscaper.appendQuoted(new StringBuilder(), shown, '"').toString();
        }
        if (value instanceof JsonReader.Number n) {
            return n.text().length() <= 60 ? n.text() : n.text().substring(0, 57) + "...";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        return String.valueOf(value);
    }
}
