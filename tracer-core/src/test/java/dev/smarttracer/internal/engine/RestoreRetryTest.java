package dev.smarttracer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Restorable;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.internal.attach.AgentLoader;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A restore that fails (the JVM refusing the retransformation, as when it is out of memory)
 * leaves the class counted as instrumented, its gates closed, and is tried again until it works.
 */
@Timeout(60)
class RestoreRetryTest {

    private volatile boolean refuse;

    @Test
    void aRestoreThatFails_isCountedAsOwed_andRetriedUntilTheClassIsRestored() throws Exception {
        Trace trace = SmartTracer.trace(Restorable::twice, 1_000, TraceOptions.defaults()
                .handler(TraceHandler.discard()));
        Instrumentation instrumentation = AgentLoader.published();
        ClassFileTransformer breaking = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                    ProtectionDomain domain, byte[] classfile) {
                return refuse && redefined == Restorable.class ? new byte[] {1, 2, 3} : null;
            }
        };
        instrumentation.addTransformer(breaking, true);
        try {
            refuse = true;
            trace.close();
            assertThat(trace.awaitDetached(Duration.ofSeconds(10))).isTrue();

            assertThat(TraceEngine.instance().instrumentedClasses()).as("the class still carries the probe code")
                    .isEqualTo(1);
            assertThat(Restorable.twice(21)).as("the gate is closed; the method works").isEqualTo(42);

            refuse = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (TraceEngine.instance().instrumentedClasses() > 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertThat(TraceEngine.instance().instrumentedClasses()).as("restored by a later try").isZero();
        } finally {
            refuse = false;
            instrumentation.removeTransformer(breaking);
        }
    }
}
