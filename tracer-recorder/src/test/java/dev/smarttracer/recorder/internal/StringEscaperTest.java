package dev.smarttracer.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StringEscaperTest {

    @Test
    void appendQuoted_escapesTheQuoteItWasGiven_andNotTheOther() {
        assertThat(StringEscaper.appendQuoted(new StringBuilder(), "it's \"x\"", '"').toString())
                .isEqualTo("\"it's \\\"x\\\"\"");
        assertThat(StringEscaper.appendQuoted(new StringBuilder(), "it's \"x\"", '\'').toString())
                .isEqualTo("'it\\'s \"x\"'");
    }

    @Test
    void appendEscaped_atTheLimit_neverSplitsAnEscapeOrASurrogatePair() {
        String text = "ab\n\ud83d\ude00\u0001z";
        // Escaped: a, b, the newline (2), the pair (2), the control character (6), z: 13 in all.
        int[] appendedWithin = {0, 1, 2, 2, 3, 3, 5, 5, 5, 5, 5, 5, 6, 7};
        for (int limit = 0; limit <= 13; limit++) {
            StringBuilder out = new StringBuilder();
            int appended = StringEscaper.appendEscaped(out, text, '"', limit);
            assertThat(appended).as("characters appended within %d", limit).isEqualTo(appendedWithin[limit]);
            assertThat(out.length()).isLessThanOrEqualTo(limit);
            StringBuilder whole = new StringBuilder();
            StringEscaper.appendEscaped(whole, text.substring(0, appended), '"', Integer.MAX_VALUE);
            assertThat(out.toString()).isEqualTo(whole.toString());
        }
    }
}
