package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Values;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.EnumValue;
import dev.smarttracer.recorder.Rendered;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CopySemanticsTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    private static Object snapshotOf(Object argument) throws InterruptedException {
        Collector collector = new Collector();
        SmartTracer.trace(Values::take, 1, collector.options());
        Values.take(argument);
        return collector.awaitStopped().get(0).args().get(0);
    }

    @Test
    void argumentObject_becomesUnreachableWhileItsEventIsHeld() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace(Values::take, 1, collector.options());
        WeakReference<Object> weak = callWithGarbage();
        List<Call> held = collector.awaitStopped();
        for (int i = 0; i < 50 && weak.get() != null; i++) {
            System.gc();
            Thread.onSpinWait();
        }
        assertThat(weak.get()).as("the traced argument was collected").isNull();
        assertThat(held.get(0).args().get(0)).isEqualTo(new Rendered("com.acme.Values$Point", "Point(3, 4)", false));
    }

    private static WeakReference<Object> callWithGarbage() {
        Values.Point point = new Values.Point(3, 4);
        Values.take(point);
        return new WeakReference<>(point);
    }

    @Test
    void throwingToString_isRenderedAndTheCallCompletes() throws Exception {
        Object snapshot = snapshotOf(new Values.Throwing());
        assertThat(snapshot).isInstanceOf(Rendered.class);
        assertThat(((Rendered) snapshot).text())
                .isEqualTo("<com.acme.Values$Throwing.toString() threw java.lang.IllegalStateException: no text for you>");
    }

    @Test
    void recursingToString_isRenderedAndTheCallCompletes() throws Exception {
        Rendered snapshot = (Rendered) snapshotOf(new Values.Recursing());
        assertThat(snapshot.text()).contains("toString() threw java.lang.StackOverflowError");
    }

    @Test
    void tenMegabyteToString_isCutToTheLimit() throws Exception {
        Rendered snapshot = (Rendered) snapshotOf(new Values.Huge());
        assertThat(snapshot.text()).hasSize(2_048);
        assertThat(snapshot.truncated()).isTrue();
    }

    @Test
    void longString_isCut_shortStringKept() throws Exception {
        assertThat(snapshotOf("y".repeat(5_000))).isEqualTo(new Rendered("java.lang.String", "y".repeat(2_048), true));
        assertThat(snapshotOf("short")).isEqualTo("short");
    }

    @Test
    void valueKinds_becomeTheirSnapshotForms() throws Exception {
        assertThat(snapshotOf(null)).isNull();
        assertThat(snapshotOf(42L)).isEqualTo(42L);
        assertThat(snapshotOf('c')).isEqualTo('c');
        assertThat(snapshotOf(Values.Color.GREEN)).isEqualTo(new EnumValue("com.acme.Values$Color", "GREEN"));
        assertThat(snapshotOf(new int[] {1, 2, 3})).isEqualTo(new Rendered("int[]", "[1, 2, 3]", false));
        assertThat(snapshotOf(List.of("a", 1))).isEqualTo(new Rendered("java.util.ImmutableCollections$List12",
                "[\"a\", 1]", false));
        assertThat(((Rendered) snapshotOf(Map.of("k", Values.Color.RED))).text()).isEqualTo("{\"k\"=Color.RED}");
    }

    @Test
    void selfContainingList_isRenderedWithoutLooping() throws Exception {
        assertThat(((Rendered) snapshotOf(Values.cycle())).text()).isEqualTo("[\"head\", <cycle>]");
    }

    @Test
    void largeArray_isCutByElementCount() throws Exception {
        Rendered rendered = (Rendered) snapshotOf(new int[1_000]);
        assertThat(rendered.text()).endsWith(", ... (980 more)]");
    }
}
