package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.StopReason;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DetachTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void limitReached_detachesWithinOneSecond_andTheClassCarriesNoAdvice() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Foo::bar, 2, collector.options());
        assertThat(TraceEngine.instance().instrumentedClasses()).isEqualTo(1);
        Foo.bar("1");
        Foo.bar("2");
        assertThat(trace.awaitDetached(Duration.ofSeconds(1))).isTrue();
        assertThat(trace.state()).isEqualTo(TraceState.FINISHED);
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
        Foo.bar("after");
        assertThat(collector.awaitStopped()).extracting(c -> c.args().get(0)).containsExactly("1", "2");
    }

    @Test
    void close_inTryWithResources_stopsAndDetaches() throws Exception {
        Collector collector = new Collector();
        Trace trace;
        try (Trace t = SmartTracer.trace(Foo::bar, 100, collector.options())) {
            trace = t;
            Foo.bar("inside");
        }
        assertThat(trace.stopReason()).isEqualTo(StopReason.STOPPED);
        assertThat(trace.awaitDetached(Duration.ZERO)).as("close() waited for the detach").isTrue();
        Foo.bar("outside");
        assertThat(collector.awaitStopped()).extracting(c -> c.args().get(0)).containsExactly("inside");
    }

    @Test
    void overlappingTraces_countIndependently_andEndingOneLeavesTheOtherWorking() throws Exception {
        Collector first = new Collector();
        Collector second = new Collector();
        Trace short1 = SmartTracer.trace(Foo::bar, 2, first.options());
        Trace long2 = SmartTracer.trace(Foo::bar, 5, second.options());
        Foo.bar("a");
        Foo.bar("b");
        assertThat(short1.awaitDetached(Duration.ofSeconds(1))).isTrue();
        assertThat(long2.state()).isEqualTo(TraceState.ACTIVE);
        assertThat(TraceEngine.instance().instrumentedClasses()).as("still needed by the second trace").isEqualTo(1);
        Foo.bar("c");
        Foo.bar("d");
        Foo.bar("e");
        Foo.bar("f");
        assertThat(first.awaitStopped()).extracting(c -> c.args().get(0)).containsExactly("a", "b");
        assertThat(second.awaitStopped()).extracting(c -> c.args().get(0)).containsExactly("a", "b", "c", "d", "e");
        assertThat(first.calls).extracting(Call::callId).containsExactly(1L, 2L);
        assertThat(second.calls).extracting(Call::callId).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(long2.awaitDetached(Duration.ofSeconds(1))).isTrue();
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
    }

    @Test
    void twoMethodsOfOneClass_endingTheTraceOfOneKeepsTheOther() throws Exception {
        Collector barTrace = new Collector();
        Collector zeroTrace = new Collector();
        Trace bar = SmartTracer.trace(Foo::bar, 1, barTrace.options());
        Trace zero = SmartTracer.trace(Foo::zero, 3, zeroTrace.options());
        Foo.bar("only");
        assertThat(bar.awaitDetached(Duration.ofSeconds(1))).isTrue();
        Foo.bar("not traced");
        Foo.zero();
        Foo.zero();
        Foo.zero();
        assertThat(barTrace.awaitStopped()).hasSize(1);
        assertThat(zeroTrace.awaitStopped()).hasSize(3);
        assertThat(zero.awaitDetached(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void stopAll_stopsEveryActiveTrace() throws Exception {
        Collector a = new Collector();
        Collector b = new Collector();
        Trace ta = SmartTracer.trace(Foo::bar, 10, a.options());
        Trace tb = SmartTracer.trace(Foo::zero, 10, b.options());
        SmartTracer.stop();
        assertThat(ta.awaitDetached(Duration.ofSeconds(1))).isTrue();
        assertThat(tb.awaitDetached(Duration.ofSeconds(1))).isTrue();
        assertThat(ta.stopReason()).isEqualTo(StopReason.STOPPED);
        assertThat(tb.stopReason()).isEqualTo(StopReason.STOPPED);
        assertThat(SmartTracer.activeTraces()).isEmpty();
        assertThat(a.awaitStopped()).isEmpty();
    }
}
