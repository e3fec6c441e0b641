package dev.smarttracer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * After a detach, the freed probe id is routed to a counting sink: if any advice with that id
 * were left in the class, calls would reach it.
 */
class BridgeAfterDetachTest {

    @Test
    void afterDetach_noCallReachesTheBridge() throws Exception {
        AtomicLong delivered = new AtomicLong();
        Trace trace = SmartTracer.trace(Foo::count, 3, TraceOptions.defaults().handler(call -> delivered.incrementAndGet()));
        int probe = ((TraceHandle) trace).run().probes().get(0).id;
        for (int i = 0; i < 3; i++) {
            Foo.count(i);
        }
        assertThat(trace.awaitDetached(Duration.ofSeconds(1))).isTrue();
        assertThat(trace.awaitCompleted(Duration.ofSeconds(10))).isTrue();

        Class<?> bridge = Class.forName("dev.smarttracer.bridge.v1.Bridge", true, null);
        Class<?> sinkType = Class.forName("dev.smarttracer.bridge.v1.ProbeSink", true, null);
        AtomicLong reached = new AtomicLong();
        Object sink = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {sinkType},
                (self, method, args) -> switch (method.getName()) {
                    case "enter" -> {
                        reached.incrementAndGet();
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> "counting sink";
                });
        Method allocate = bridge.getMethod("allocate", sinkType);
        Method setOpen = bridge.getMethod("setOpen", sinkType, int.class, boolean.class);
        Method release = bridge.getMethod("release", sinkType, int.class);
        Method route = bridge.getMethod("route", int.class);
        List<Integer> taken = new ArrayList<>();
        try {
            int id;
            do {
                id = (int) allocate.invoke(null, sink);
                taken.add(id);
            } while (id != probe && id >= 0);
            assertThat(id).as("the freed probe id came back").isEqualTo(probe);
            setOpen.invoke(null, sink, probe, true);
            assertThat(route.invoke(null, probe)).isSameAs(sink);

            for (int i = 0; i < 100_000; i++) {
                Foo.count(i);
            }
            assertThat(reached.get()).as("calls that reached the bridge after detach").isZero();
            assertThat(delivered.get()).isEqualTo(3);
        } finally {
            for (int id : taken) {
                if (id >= 0) {
                    release.invoke(null, sink, id);
                }
            }
        }
    }
}
