package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.internal.engine.TraceEngine;
import java.time.Duration;

/** Test support: leave no trace and no instrumentation behind. */
final class Traces {
    private Traces() {
    }

    /** Stops every active trace and checks that every class was restored. */
    static void stopAllAndCheckRestored() throws InterruptedException {
        for (Trace trace : SmartTracer.activeTraces()) {
            trace.close();
            assertThat(trace.awaitDetached(Duration.ofSeconds(5))).as("detached: " + trace).isTrue();
        }
        assertThat(TraceEngine.instance().instrumentedClasses()).as("classes still instrumented").isZero();
    }
}
