package dev.smarttracer.agent.internal.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser of the JSON text of one control message (RFC 8259). A value comes back as a
 * {@code Map<String, Object>} (members in the text's order), a {@code List<Object>}, a
 * {@code String}, a {@code Long} (a whole number within its range) or {@code Double} (any other
 * number), a {@code Boolean} or {@code null}; maps and lists are unmodifiable.
 *
 * <p>Anything else is refused with the column (counted from 1, a surrogate pair as one) and what
 * is wrong: trailing text, a duplicate member name, a control character or unknown escape in a
 * string, a {@code \}{@code u} escape that is not four hex digits, a number that overflows to
 * infinity, nesting deeper than {@value #MAX_DEPTH} levels, and anything non-standard (single
 * quotes, comments, {@code NaN}, a trailing comma). The text is at most a frame's megabyte, so
 * the recursion is bounded by the depth alone.
 *
 * <p>Not thread-safe: one instance per text, used through {@link #parse}.
 */
// Shaped like tracer-recorder's internal JsonReader on purpose, not shared with it: the control
// protocol's text changes with the protocol's version, JSON Lines' with the recorder's schema,
// and the agent's wire must not lean on another module's internals.
final class ControlJsonReader {

    /** The deepest nesting of objects and arrays accepted. */
    static final int MAX_DEPTH = 64;
    // Past 309 digits or with an exponent, a number may be too large for a double.
    private static final int LONGEST_FINITE_DIGITS = 309;

    private final String text;
    private int at;

    private ControlJsonReader(String text) {
        this.text = text;
    }

    /**
     * Parses a text holding one JSON value.
     *
     * @param text the text
     * @return the value
     * @throws MalformedFrameException naming the column of the first error and what is wrong
     */
    static Object parse(String text) throws MalformedFrameException {
        ControlJsonReader reader = new ControlJsonReader(text);
        reader.skipSpace();
        Object value = reader.value(0);
        reader.skipSpace();
        if (reader.at != text.length()) {
            throw reader.error("unexpected text after the value");
        }
        return value;
    }

    private Object value(int depth) throws MalformedFrameException {
        if (at >= text.length()) {
            throw error("unexpected end of the text; a value was expected");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character " + shown(c) + "; a value was expected");
            }
        };
    }

    private Map<String, Object> object(int depth) throws MalformedFrameException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        Map<String, Object> members = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek() == '}') {
            at++;
            return Collections.unmodifiableMap(members);
        }
        for (;;) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a quoted member name");
            }
            int nameAt = at;
            String name = string();
            if (members.containsKey(name)) {
                at = nameAt;
                throw error("duplicate member \"" + name + "\"");
            }
            skipSpace();
            expect(':');
            skipSpace();
            members.put(name, value(depth));
            skipSpace();
            char c = peek();
            if (c != '}' && c != ',') {
                throw error("expected ',' or '}' after a member");
            }
            at++;
            if (c == '}') {
                return Collections.unmodifiableMap(members);
            }
        }
    }

    private List<Object> array(int depth) throws MalformedFrameException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        List<Object> elements = new ArrayList<>();
        at++;
        skipSpace();
        if (peek() == ']') {
            at++;
            return Collections.unmodifiableList(elements);
        }
        for (;;) {
            skipSpace();
            elements.add(value(depth));
            skipSpace();
            char c = peek();
            if (c != ']' && c != ',') {
                throw error("expected ',' or ']' after an element");
            }
            at++;
            if (c == ']') {
                return Collections.unmodifiableList(elements);
            }
        }
    }

    private String string() throws MalformedFrameException {
        int start = at;
        at++;
        StringBuilder out = new StringBuilder();
        for (;;) {
            if (at >= text.length()) {
                at = start;
                throw error("a string starting here has no closing quote");
            }
            char c = text.charAt(at);
            if (c == '"') {
                at++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character " + shown(c) + " in a string; it must be escaped");
            }
            if (c != '\\') {
                out.append(c);
                at++;
                continue;
            }
            int escapeAt = at;
            at++;
            if (at >= text.length()) {
                at = escapeAt;
                throw error("the text ends in an escape");
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

    private char unicodeEscape(int escapeAt) throws MalformedFrameException {
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = at < text.length() ? hexDigit(text.charAt(at)) : -1;
            if (digit < 0) {
                String got = text.substring(escapeAt, Math.min(text.length(), escapeAt + 6));
                at = escapeAt;
                throw error("a \\u escape takes exactly four hex digits; got \"" + got + "\"");
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

    private Object number() throws MalformedFrameException {
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
        boolean whole = true;
        boolean mayOverflow = at - start > LONGEST_FINITE_DIGITS;
        if (peek() == '.') {
            whole = false;
            at++;
            if (!digit()) {
                throw error("expected a digit after '.'");
            }
            while (digit()) {
                at++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            whole = false;
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
        if (whole) {
            try {
                return Long.valueOf(number);
            } catch (NumberFormatException beyondLong) {
                // a whole number too large for a long reads as a double, as any other number
            }
        }
        double value = Double.parseDouble(number);
        if (mayOverflow && Double.isInfinite(value)) {
            at = start;
            throw error("number " + (number.length() <= 40 ? number : number.substring(0, 37) + "...")
                    + " is out of range: it overflows to infinity");
        }
        return value;
    }

    private Object literal(String word, Object value) throws MalformedFrameException {
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

    private void expect(char c) throws MalformedFrameException {
        if (peek() != c) {
            throw error("expected '" + c + "' after a member name");
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

    /** Shows a character in a message so that an invisible one can be seen. */
    private static String shown(char c) {
        return c < 0x20 || c == 0x7f || Character.isSurrogate(c) || Character.isSpaceChar(c) && c != ' '
                ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    private MalformedFrameException error(String what) {
        int within = Math.max(0, Math.min(at, text.length()));
        return new MalformedFrameException("column " + (text.codePointCount(0, within) + 1) + ": " + what);
    }
}
