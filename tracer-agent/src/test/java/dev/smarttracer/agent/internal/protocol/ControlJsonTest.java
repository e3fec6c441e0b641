package dev.smarttracer.agent.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The control messages' own JSON codec: what it writes reads back the same, and what it refuses it names. */
class ControlJsonTest {

    @Test
    void everyKindOfValue_writesOnOneLine_andReadsBackEqual() throws MalformedFrameException {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("empty", Map.of());
        nested.put("none", List.of());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "status");
        message.put("text", "é \u2028\u2029 \"quoted\" back\\slash\n\r\t\u0001\u007f 😀 \ud800 end");
        message.put("min", Long.MIN_VALUE);
        message.put("max", Long.MAX_VALUE);
        message.put("int", 7);
        message.put("fraction", 0.25);
        message.put("large", 1.0E300);
        message.put("yes", true);
        message.put("no", false);
        message.put("nothing", null);
        message.put("list", List.of(1L, "two", List.of(false), nested));
        message.put("nested", nested);

        String text = ControlJsonWriter.write(message);

        assertThat(text).doesNotContain("\n", "\r", "\u2028", "\u2029").startsWith("{\"type\":\"status\",\"text\":");
        Map<String, Object> expected = new LinkedHashMap<>(message);
        expected.put("int", 7L);
        // a lone surrogate is escaped on the way out and comes back as the same char
        assertThat(ControlJsonReader.parse(text)).isEqualTo(expected);
        assertThat(new ArrayList<>(((Map<?, ?>) ControlJsonReader.parse(text)).keySet()))
                .as("members in the order written").isEqualTo(new ArrayList<>(message.keySet()));
    }

    @Test
    void strings_areEscapedAsJsonLinesEscapesThem() {
        assertThat(ControlJsonWriter.write("a\"b\\c\nd\re\tf\u0000g\u001fh\u007fi\u2028j\u2029k\ud800l\udc00m😀"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0000g\\u001fh\\u007fi\\u2028j\\u2029k\\ud800l\\udc00m😀\"");
        assertThat(ControlJsonWriter.write("/ é <>")).as("nothing else is escaped").isEqualTo("\"/ é <>\"");
    }

    @Test
    void numbers_areWholeWhenTheyFitALong_elseDoubles_andWrittenAsJavaWritesThem() throws MalformedFrameException {
        assertThat(ControlJsonReader.parse("-0")).isEqualTo(0L);
        assertThat(ControlJsonReader.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(ControlJsonReader.parse("9223372036854775808")).isEqualTo(9.223372036854775808E18);
        assertThat(ControlJsonReader.parse("1.0")).isEqualTo(1.0);
        assertThat(ControlJsonReader.parse("1e3")).isEqualTo(1000.0);
        assertThat(ControlJsonReader.parse("-2.5E-3")).isEqualTo(-0.0025);
        assertThat(ControlJsonWriter.write(List.of(1.0E10, 0.1, 3, (short) 4, (byte) 5, 1.5f)))
                .isEqualTo("[1.0E10,0.1,3,4,5,1.5]");
    }

    @Test
    void whitespaceAroundTokens_isAllowed() throws MalformedFrameException {
        assertThat(ControlJsonReader.parse(" \t\r\n{ \"type\" : \"x\" , \"n\" : [ 1 , 2 ] }\n"))
                .isEqualTo(Map.of("type", "x", "n", List.of(1L, 2L)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                             | column 1: unexpected end of the text; a value was expected
            `{"type":"x"`                  | column 12: expected ',' or '}' after a member
            `{"type":"x",}`                | column 13: expected a quoted member name
            `{'type':'x'}`                 | column 2: expected a quoted member name
            `{"type" "x"}`                 | column 9: expected ':' after a member name
            `{"type":"x"} {}`              | column 14: unexpected text after the value
            `{"type":"x","type":"y"}`      | column 13: duplicate member "type"
            `{"type":"x`                   | column 9: a string starting here has no closing quote
            `{"type":"x\\`                 | column 11: the text ends in an escape
            `{"type":"\\q"}`               | column 10: unknown escape \\q
            `{"type":"\\u12g4"}`           | column 10: a \\u escape takes exactly four hex digits; got "\\u12g4"
            `{"type":"\\u12"}`             | column 10: a \\u escape takes exactly four hex digits; got "\\u12"}"
            `[1,]`                         | column 4: unexpected character ']'; a value was expected
            `[1 2]`                        | column 4: expected ',' or ']' after an element
            `[01]`                         | column 3: expected ',' or ']' after an element
            `[-]`                          | column 3: expected a digit
            `[1.]`                         | column 4: expected a digit after '.'
            `[1e]`                         | column 4: expected a digit in the exponent
            `[1e999]`                      | column 2: number 1e999 is out of range: it overflows to infinity
            `[NaN]`                        | column 2: unexpected character 'N'; a value was expected
            `[tru]`                        | column 2: expected true
            `[nul]`                        | column 2: expected null
            `// comment`                   | column 1: unexpected character '/'; a value was expected
            """)
    void malformedText_isRefusedWithItsColumnAndWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> ControlJsonReader.parse(text)).isInstanceOf(MalformedFrameException.class)
                .hasMessage(message);
    }

    @Test
    void aControlCharacterInAString_mustBeEscaped_andIsShownByItsCodePoint() {
        assertThatThrownBy(() -> ControlJsonReader.parse("[\"a\u0001\"]"))
                .hasMessage("column 4: control character U+0001 in a string; it must be escaped");
        assertThatThrownBy(() -> ControlJsonReader.parse("[\"a\nb\"]"))
                .hasMessage("column 4: control character U+000A in a string; it must be escaped");
    }

    @Test
    void theColumn_countsASurrogatePairAsOneCharacter() {
        assertThatThrownBy(() -> ControlJsonReader.parse("[\"😀😀\",x]"))
                .hasMessage("column 7: unexpected character 'x'; a value was expected");
    }

    @Test
    void sixtyFourLevels_areRead_andSixtyFiveRefused_bothWays() throws MalformedFrameException {
        assertThat(ControlJsonReader.parse("[".repeat(64) + "]".repeat(64))).isInstanceOf(List.class);
        assertThatThrownBy(() -> ControlJsonReader.parse("[".repeat(65) + "]".repeat(65)))
                .hasMessage("column 65: nested deeper than 64 levels");
        assertThatThrownBy(() -> ControlJsonReader.parse("{\"a\":".repeat(100_000)))
                .as("deep garbage costs no stack").hasMessageContaining("nested deeper than 64 levels");

        Object deepest = List.of();
        for (int i = 1; i < 64; i++) {
            deepest = List.of(deepest);
        }
        assertThat(ControlJsonWriter.write(deepest)).hasSize(128);
        Object tooDeep = List.of(deepest);
        assertThatThrownBy(() -> ControlJsonWriter.write(tooDeep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a control message nests deeper than 64 levels");
    }

    @Test
    void theWriter_refusesWhatJsonCannotSay_byName() {
        assertThatThrownBy(() -> ControlJsonWriter.write(List.of(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("JSON has no NaN; send it as a string");
        assertThatThrownBy(() -> ControlJsonWriter.write(Map.of(1, "one")))
                .hasMessage("a JSON member name must be a string; got 1");
        assertThatThrownBy(() -> ControlJsonWriter.write(List.of(new Object() {
            @Override
            public String toString() {
                return "a thing";
            }
        }))).hasMessageContaining("cannot write a ").hasMessageEndingWith(" in a control message: a thing; send a"
                + " string, number, boolean, null, list or map");
    }

    @Test
    void aMessage_namesWhatIsWrongWithItsText() {
        assertThatThrownBy(() -> Message.parse("{\"type\":\"hello\",\"protocol\":}"))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessage("frame is not JSON: column 28: unexpected character '}'; a value was expected");
    }
}
