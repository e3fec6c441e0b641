package dev.smarttracer.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.recorder.CallFormatter;
import dev.smarttracer.recorder.ExceptionInfo;
import dev.smarttracer.recorder.Rendered;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotterTest {

    private final Snapshotter snapshotter = new Snapshotter(SnapshotLimits.DEFAULT);

    private Rendered rendered(Object value) {
        return (Rendered) snapshotter.snapshot(value);
    }

    @Test
    void stringsAndCharsInsideACollection_areQuotedAndEscaped_soTheRenderingStaysOneReadableLine() {
        Rendered list = rendered(Arrays.asList("say \"hi\"\nbye", 'q', '\'', "back\\slash\ttab\u2028"));

        assertThat(list.text()).isEqualTo("[\"say \\\"hi\\\"\\nbye\", 'q', '\\'', \"back\\\\slash\\ttab\\u2028\"]");
        assertThat(list.text()).doesNotContain("\n", "\u2028");
        assertThat(list.truncated()).isFalse();
    }

    @Test
    void mapKeysAndValues_areEscapedToo() {
        assertThat(rendered(Map.of("a\"b", List.of("c\rd"))).text()).isEqualTo("{\"a\\\"b\"=[\"c\\rd\"]}");
    }

    @Test
    void stringPastTheLimit_becomesAStringRenderingMarkedTruncated_andIsShownAsACutString() {
        Object snapshot = snapshotter.snapshot("y".repeat(5_000));

        assertThat(snapshot).isEqualTo(new Rendered("java.lang.String", "y".repeat(2_048), true));
        assertThat(CallFormatter.value(snapshot)).isEqualTo("\"" + "y".repeat(2_048) + "\"...");
        assertThat(snapshotter.snapshot("y".repeat(2_048))).isEqualTo("y".repeat(2_048));
    }

    @Test
    void cutsAtTheLimit_neverSplitASurrogatePair() {
        String face = "\ud83d\ude00";
        String text = "a".repeat(2_047) + face + "b";

        Rendered string = rendered(text);
        assertThat(string.text()).isEqualTo("a".repeat(2_047));
        assertThat(string.truncated()).isTrue();

        Rendered object = rendered(new Object() {
            @Override
            public String toString() {
                return text;
            }
        });
        assertThat(object.text()).isEqualTo("a".repeat(2_047));
        assertThat(object.truncated()).isTrue();

        ExceptionInfo exception = snapshotter.exception(new IllegalStateException(text));
        assertThat(exception.message()).isEqualTo("a".repeat(2_047));
        assertThat(exception.messageTruncated()).isTrue();

        Rendered list = rendered(List.of("a".repeat(2_045) + face));
        assertThat(list.text()).isEqualTo("[\"" + "a".repeat(2_045));
        assertThat(list.truncated()).isTrue();
    }

    @Test
    void hiddenElements_markTheRenderingTruncated() {
        Rendered array = rendered(new int[1_000]);
        assertThat(array.text()).endsWith(", ... (980 more)]");
        assertThat(array.truncated()).isTrue();
        assertThat(array.toString()).endsWith("(980 more)]...");

        Map<Integer, Integer> map = new HashMap<>();
        for (int i = 0; i < 25; i++) {
            map.put(i, i);
        }
        assertThat(rendered(map).truncated()).isTrue();
        assertThat(rendered(Collections.nCopies(21, 1)).truncated()).isTrue();
        assertThat(rendered(Collections.nCopies(20, 1)).truncated()).as("all 20 shown").isFalse();
    }

    @Test
    void containersPastTheDepth_markTheRenderingTruncated_unlessTheyAreEmpty() {
        Rendered deep = rendered(List.of(List.of(List.of(List.of(1)))));
        assertThat(deep.text()).isEqualTo("[[[[...]]]]");
        assertThat(deep.truncated()).isTrue();

        Rendered emptyInside = rendered(List.of(List.of(List.of(List.of(), Map.of(), new int[0]))));
        assertThat(emptyInside.text()).isEqualTo("[[[[], {}, []]]]");
        assertThat(emptyInside.truncated()).isFalse();
    }

    @Test
    void longExceptionMessage_isCutAndFlagged_shortOneKeptWhole() {
        ExceptionInfo cut = snapshotter.exception(new IllegalArgumentException("m".repeat(3_000)));
        assertThat(cut).isEqualTo(new ExceptionInfo("java.lang.IllegalArgumentException", "m".repeat(2_048), true));
        assertThat(cut.toString()).endsWith("m...");

        assertThat(snapshotter.exception(new IllegalArgumentException("short")))
                .isEqualTo(new ExceptionInfo("java.lang.IllegalArgumentException", "short", false));
    }
}
