package dev.smarttracer.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.recorder.Rendered;
import java.util.Arrays;
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
}
