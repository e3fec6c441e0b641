package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.audit.Ledger;
import com.acme.audit.Payments;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code @com.acme.audit.Audited} selects the methods the annotation marks, on loaded classes. */
class AnnotationsTest {

    @BeforeAll
    static void load() {
        Payments.refund(0);
        Ledger.post(0);
    }

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void anAnnotation_selectsTheMethodsItMarks_andEveryMethodOfAClassItMarks_exactlyN_underEightThreads()
            throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace("@com.acme.audit.Audited", 900,
                collector.options().returns(true).queueCapacity(1_000_000));
        EightThreads.run(5_000, i -> {
            Payments.pay(i);
            Payments.refund(i);
            Ledger.post(i);
            Ledger.postLater(i);
        });

        List<Call> calls = collector.awaitStopped();
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        List<Call> entries = collector.ofType(CallType.CALL);
        assertThat(entries).hasSize(900).extracting(call -> call.className() + "#" + call.methodName())
                .containsOnly("com.acme.audit.Payments#pay", "com.acme.audit.Ledger#post", "com.acme.audit.Ledger#postLater")
                .contains("com.acme.audit.Payments#pay", "com.acme.audit.Ledger#post", "com.acme.audit.Ledger#postLater");
        assertThat(collector.ofType(CallType.RETURN)).hasSize(900);
        assertThat(calls).noneMatch(call -> call.methodName().equals("refund"));
    }

    @Test
    void aMethodPart_narrowsTheSelection() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace("@com.acme.audit.Audited#postL*", 2, collector.options());
        Ledger.post(1);
        Payments.pay(2);
        Ledger.postLater(3);
        Ledger.postLater(4);

        assertThat(collector.awaitStopped()).extracting(call -> call.args().get(0)).containsExactly(3L, 4L);
    }

    @Test
    void anAnnotationNoLoadedMethodCarries_waitsForClassesToLoad_andBadOnesAreRefusedSayingWhy() {
        Trace waiting = SmartTracer.trace("@com.acme.audit.Nowhere", 1);
        assertThat(TraceEngine.instance().laterClasses(waiting).orElseThrow().waiting()).isTrue();
        waiting.close();
        assertThatThrownBy(() -> SmartTracer.trace("@com.acme.audit.Audited#nothing*", 1))
                .hasMessageContaining("(1 loaded classes carry it, but none of their methods match nothing*)");
        assertThatThrownBy(() -> SmartTracer.trace("@com.acme.*", 1))
                .hasMessageContaining("must name one annotation by its binary name");
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
    }
}
