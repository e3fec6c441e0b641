package dev.smarttracer.internal.weave;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.internal.engine.TraceEngine;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * Test support for the weaver's tests: the bootstrap loader's bridge, reached by reflection, with a
 * sink of the test's own that records what woven code calls, and its probes' gates.
 */
final class RecordingBridge {

    private final Class<?> bridge;
    private final Class<?> sinkType;
    private final Class<?> exitType;

    private RecordingBridge(Class<?> bridge, Class<?> sinkType, Class<?> exitType) {
        this.bridge = bridge;
        this.sinkType = sinkType;
        this.exitType = exitType;
    }

    /**
     * Has the engine install the bridge (with a first trace of {@code pattern}, closed at once) and
     * returns it.
     */
    static RecordingBridge installed(String pattern) throws Exception {
        Trace first = SmartTracer.trace(pattern, 1, TraceOptions.defaults().handler(TraceHandler.discard()));
        first.close();
        assertThat(first.awaitDetached(Duration.ofSeconds(5))).isTrue();
        return new RecordingBridge(Class.forName("dev.smarttracer.bridge.v1.Bridge", true, null),
                Class.forName("dev.smarttracer.bridge.v1.ProbeSink", true, null),
                Class.forName("dev.smarttracer.bridge.v1.CallExit", true, null));
    }

    /** Returns a sink whose {@code enter(probe, args)} is {@code enter}, which returns the call's exit or null. */
    Object sink(BiFunction<Integer, Object[], Object> enter) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {sinkType},
                (self, method, args) -> switch (method.getName()) {
                    case "enter" -> enter.apply((Integer) args[0], (Object[]) args[1]);
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> "recording sink";
                });
    }

    /** The exit of one call, telling {@code exit(returned, thrown)}. */
    interface Exit {
        void exit(Object returned, Throwable thrown);
    }

    /** Returns a call exit that hands what the call returned or threw to {@code exit}. */
    Object exit(Exit exit) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {exitType},
                (self, method, args) -> switch (method.getName()) {
                    case "exit" -> {
                        exit.exit(args[0], (Throwable) args[1]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> "recording exit";
                });
    }

    /** Takes a probe id for the sink; fails if none is free. */
    int allocate(Object sink) throws Exception {
        int probe = (int) bridge.getMethod("allocate", sinkType).invoke(null, sink);
        assertThat(probe).as("a free probe id").isNotNegative();
        return probe;
    }

    /** Opens or closes a probe's gate. */
    void setOpen(Object sink, int probe, boolean open) throws Exception {
        bridge.getMethod("setOpen", sinkType, int.class, boolean.class).invoke(null, sink, probe, open);
    }

    /** Gives the probes back, stops every trace and checks that no class is left instrumented. */
    void releaseAndCheckRestored(Object sink, Iterable<Integer> probes) throws Exception {
        for (int probe : probes) {
            bridge.getMethod("release", sinkType, int.class).invoke(null, sink, probe);
        }
        for (Trace trace : SmartTracer.activeTraces()) {
            trace.close();
            assertThat(trace.awaitDetached(Duration.ofSeconds(5))).as("detached: " + trace).isTrue();
        }
        assertThat(TraceEngine.instance().instrumentedClasses()).as("classes still instrumented").isZero();
    }
}
