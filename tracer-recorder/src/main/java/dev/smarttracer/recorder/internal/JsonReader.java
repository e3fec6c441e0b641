package dev.smarttracer.recorder.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser of one JSON value (RFC 8259) into {@code Map} (insertion-ordered), {@code List},
 * {@code String}, {@link Number} (kept as its text, so no precision is lost), {@code Boolean} and
 * {@code null}. Duplicate keys, trailing text and anything non-standard are errors that name
 * the column.
 *
 * <p>Not thread-safe; one instance per text.
 */
public final class JsonReader {

    /** A number as written, converted by whoever knows which type it must be. */
    public record Number(String text) {
    }

    private final String text;
    private int at;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * Parses a whole text as one JSON value.
     *
     * @param text the JSON text
     * @return the value
     * @throws IllegalArgumentException naming the column of the first error
     */
    public static Object parse(String text) {
        JsonReader reader = new JsonReader(text);
        reader.skipSpace();
        Object value = reader.value(0);
        reader.skipSpace();
        if (reader.at != text.length()) {
            throw reader.error("unexpected text after the value");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > 64) {
            throw error("nested deeper than 64 levels");
        }
        if (at >= text.length()) {
            throw error("unexpected end of line");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> members = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek() == '}') {
            at++;
            return members;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a quoted member name");
            }
            int keyAt = at;
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (members.containsKey(key)) {
                at = keyAt;
                throw error("duplicate member \"" + key + "\"");
            }
            members.put(key, value(depth + 1));
            skipSpace();
            char c = peek();
            at++;
            if (c == '}') {
                return members;
            }
            if (c != ',') {
                at--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> elements = new ArrayList<>();
        at++;
        skipSpace();
        if (peek() == ']') {
            at++;
            return elements;
        }
        for (;;) {
            skipSpace();
            elements.add(value(depth + 1));
            skipSpace();
            char c = peek();
            at++;
            if (c == ']') {
                return elements;
            }
            if (c != ',') {
                at--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        at++;
        StringBuilder out = new StringBuilder();
        for (;;) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                at--;
                throw error("control character in a string; it must be escaped");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException bad) {
                        throw error("bad \\u escape");
                    }
                    at += 4;
                }
                default -> {
                    at--;
                    throw error("unknown escape \\" + e);
                }
            }
        }
    }

    private Number number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (digit()) {
            while (digit()) {
                at++;
            }
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            at++;
            if (!digit()) {
                throw error("expected a digit after '.'");
            }
            while (digit()) {
                at++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (!digit()) {
                throw error("expected a digit in the exponent");
            }
            while (digit()) {
                at++;
            }
        }
        return new Number(text.substring(start, at));
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw error("expected " + word);
        }
        at += word.length();
        return value;
    }

    private boolean digit() {
        char c = peek();
        return c >= '0' && c <= '9';
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            at++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at column " + (at + 1));
    }
}
