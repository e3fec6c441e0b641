package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.testsupport.ChildJvm;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An {@code Error} on a tracer thread, even one that cannot be reported, never leaves a trace
 * stuck half-way: it is closed and detached first, reported after if reporting can run.
 */
@Timeout(120)
class ErrorSurvivalTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void aHandlerErrorThatCannotEvenBeReported_stillStopsItsTrace_andTheClassIsRestored() throws Exception {
        Trace trace = SmartTracer.trace(Foo::bar, 1_000_000, TraceOptions.defaults().handler(call -> {
            throw new Unreportable();
        }));

        Foo.bar("the handler throws");

        assertThat(trace.awaitDetached(Duration.ofSeconds(10))).as("detached after its handler's Error").isTrue();
        assertThat(trace.stopReason()).isEqualTo(StopReason.HANDLER_FAILED);
        assertThat(TraceEngine.instance().activeTraces()).isEmpty();
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
    }

    @Test
    void afterTheApplicationRanOutOfMemoryAndRecovered_noTraceIsLeft_andANewTraceDelivers() throws Exception {
        try (ChildJvm child = ChildJvm.start("com.acme.OutOfMemoryChild", "-Xmx48m", "-XX:+UseSerialGC",
                "-XX:-OmitStackTraceInFastThrow")) {
            assertThat(child.expect("OOM ")).as("the heap was exhausted").isNotEqualTo("OOM 0");
            assertThat(child.expect("LEFT ")).as("traces left behind: " + child.output()).isEqualTo("LEFT 0");
            assertThat(child.expect("INSTRUMENTED ")).isEqualTo("INSTRUMENTED 0");
            assertThat(child.expect("DELIVERED ")).as("a new trace after recovery: " + child.output())
                    .isEqualTo("DELIVERED 5");
            assertThat(child.expect("INSTRUMENTED ")).isEqualTo("INSTRUMENTED 0");
        }
    }

    /** An Error whose every description fails, as describing anything does when no memory is left. */
    private static final class Unreportable extends Error {
        private static final long serialVersionUID = 1L;

        Unreportable() {
            super(null, null, false, false);
        }

        @Override
        public String getMessage() {
            throw new OutOfMemoryError("no memory to describe the failure");
        }

        @Override
        public String toString() {
            throw new OutOfMemoryError("no memory to describe the failure");
        }
    }
}
