package dev.smarttracer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.recorder.StopReason;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Ownership;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many traces over a JVM's life leave nothing growing: metaspace, probe ids, the bridge's tables
 * and the tracer's threads stay bounded. Prints its figures (metaspace before and after).
 *
 * <p>Tagged {@code soak}: a minute or more of one busy core, so {@code ./mvnw verify} leaves it to
 * {@code -Psoak}, which CI ({@code .ci/run}) always adds.
 */
@Tag("soak")
class SoakTest {

    private static final int CYCLES = 1_000;
    private static final int CLASSES = 100;

    @Test
    void thousandTraceDetachCycles_andHundredClassesAtOnce_leaveEverythingBounded() throws Exception {
        List<Class<?>> classes = generateClasses();
        cycles(50, classes);
        long metaspaceBefore = metaspaceAfterGc();
        int idsBefore = bridge("highWater");

        cycles(CYCLES, classes);

        long metaspaceAfter = metaspaceAfterGc();
        long growth = metaspaceAfter - metaspaceBefore;
        System.out.printf("soak: %d cycles on one class and %d traces over %d classes: metaspace %,d -> %,d bytes"
                + " (%+,d), probe ids high-water %d -> %d, in use %d%n", CYCLES, CYCLES / 50, CLASSES,
                metaspaceBefore, metaspaceAfter, growth, idsBefore, bridge("highWater"), bridge("allocated"));
        assertThat(bridge("allocated")).as("probe ids in use after every trace ended").isZero();
        assertThat(bridge("highWater")).as("probe ids reused, not new ones taken").isEqualTo(idsBefore);
        assertThat(growth).as("metaspace growth over %d cycles", CYCLES).isLessThan(4L << 20);
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("smarttracer-")) {
                thread.join(15_000);
                assertThat(thread.isAlive()).as(thread.getName()).isFalse();
            }
        }
    }

    private static void cycles(int count, List<Class<?>> classes) throws Exception {
        Method greet = Foo.class.getMethod("bar", String.class);
        TraceOptions quiet = TraceOptions.defaults().handler(TraceHandler.discard()).returns(true);
        for (int cycle = 0; cycle < count; cycle++) {
            Trace trace = SmartTracer.trace(greet, 2, quiet);
            Foo.bar("one");
            Foo.bar("two");
            assertThat(trace.awaitCompleted(Duration.ofSeconds(10))).isTrue();
            assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
            if (cycle % 50 == 0) {
                Trace wide = SmartTracer.trace("com.acme.soak.*#value", CLASSES, quiet);
                for (Class<?> type : classes) {
                    type.getMethod("value").invoke(null);
                }
                assertThat(wide.awaitCompleted(Duration.ofSeconds(30))).isTrue();
                assertThat(wide.delivered()).isEqualTo(CLASSES);
            }
        }
    }

    private static List<Class<?>> generateClasses() throws Exception {
        List<Class<?>> classes = new ArrayList<>();
        for (int i = 0; i < CLASSES; i++) {
            Class<?> type = new ByteBuddy().subclass(Object.class).name("com.acme.soak.Generated" + i)
                    .defineMethod("value", int.class, Visibility.PUBLIC, Ownership.STATIC)
                    .intercept(FixedValue.value(i))
                    .make().load(SoakTest.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                    .getLoaded();
            type.getMethod("value").invoke(null);
            classes.add(type);
        }
        return classes;
    }

    private static long metaspaceAfterGc() {
        // Old method versions are freed once no frame runs them; collections let the JVM purge them.
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getName().equals("Metaspace"))
                .mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }

    private static int bridge(String method) throws ReflectiveOperationException {
        return (int) Class.forName("dev.smarttracer.bridge.v1.Bridge", true, null).getMethod(method).invoke(null);
    }
}
