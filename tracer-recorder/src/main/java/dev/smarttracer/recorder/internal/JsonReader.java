package dev.smarttracer.recorder.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser of one line holding one JSON value (RFC 8259). Each value comes back as a
 * {@link Node} that remembers where it starts, so whoever checks the value can say which column
 * is wrong. Duplicate member names, trailing text, a {@code \}{@code u} escape that is not four
 * hex digits, a number that overflows to infinity and anything non-standard are errors that
 * name the column.
 *
 * <p>Not thread-safe; one instance per line.
 */
final class JsonReader {

    /** A number as written, converted by whoever knows which type it must be. */
    record Number(String text) {
    }

    /**
     * A parsed value and where it starts.
     *
     * @param value a {@code Map<String, Node>} (in the line's order), a {@code List<Node>}, a
     *     {@code String}, a {@link Number}, a {@code Boolean} or {@code null}
     * @param offset the index in the line of the value's first character
     */
    record Node(Object value, int offset) {
    }

    // Past 309 digits or with an exponent, a number may be too large for a double.
    private static final int LONGEST_FINITE_DIGITS = 309;

    private final String text;
    private int at;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * Parses a whole line as one JSON value.
     *
     * @param line the line
     * @return the value
     * @throws MalformedJsonException naming the column of the first error
     */
    static Node parse(String line) {
        JsonReader reader = new JsonReader(line);
        reader.skipSpace();
        Node value = reader.value(0);
        reader.skipSpace();
        if (reader.at != line.length()) {
            throw reader.error("unexpected text after the value");
        }
        return value;
    }

    private Node value(int depth) {
        if (depth > 64) {
            throw error("nested deeper than 64 levels");
        }
        if (at >= text.length()) {
            throw error("unexpected end of line");
        }
        int start = at;
        char c = text.charAt(at);
        Object value = switch (c) {
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
        return new Node(value, start);
    }

    private Map<String, Node> object(int depth) {
        Map<String, Node> members = new LinkedHashMap<>();
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
            if (c != '}' && c != ',') {
                throw error("expected ',' or '}'");
            }
            at++;
            if (c == '}') {
                return members;
            }
        }
    }

    private List<Node> array(int depth) {
        List<Node> elements = new ArrayList<>();
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
            if (c != ']' && c != ',') {
                throw error("expected ',' or ']'");
            }
            at++;
            if (c == ']') {
                return elements;
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
            char c = text.charAt(at);
            if (c == '"') {
                at++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string; it must be escaped");
            }
            if (c != '\\') {
                out.append(c);
                at++;
                continue;
            }
            int escapeAt = at;
            at++;
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
                case 'u' -> out.append(unicodeEscape(escapeAt));
                default -> {
                    at = escapeAt;
                    throw error("unknown escape \\" + e);
                }
            }
        }
    }

    private char unicodeEscape(int escapeAt) {
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = at < text.length() ? hexDigit(text.charAt(at)) : -1;
            if (digit < 0) {
                int end = Math.min(text.length(), escapeAt + 6);
                at = escapeAt;
                throw error("a \\u escape takes exactly four hex digits; got \"" + text.substring(escapeAt, end) + "\"");
            }
            code = code << 4 | digit;
            at++;
        }
        return (char) code;
    }

    /** Returns an ASCII hex digit's value, or -1; unlike Character.digit, it refuses other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
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
        boolean mayOverflow = at - start > LONGEST_FINITE_DIGITS;
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
            mayOverflow = true;
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
        String number = text.substring(start, at);
        if (mayOverflow && Double.isInfinite(Double.parseDouble(number))) {
            at = start;
            throw error("number " + abbreviated(number) + " is out of range: it overflows to infinity");
        }
        return new Number(number);
    }

    private static String abbreviated(String number) {
        return number.length() <= 40 ? number : number.substring(0, 37) + "...";
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

    private MalformedJsonException error(String what) {
        return new MalformedJsonException(what, text, at);
    }
}
