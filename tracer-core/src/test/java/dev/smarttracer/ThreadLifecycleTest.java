package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.internal.engine.TraceEngine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** In-process, a JVM that traced looks like one that never did, a few seconds after the last trace. */
class ThreadLifecycleTest {

    @Test
    void afterTheLastTraceEnds_noTracerThreadRemains() throws Exception {
        Collector first = new Collector();
        Collector second = new Collector();
        Trace one = SmartTracer.trace(Foo::bar, 2, first.options().returns(true));
        Trace two = SmartTracer.trace(Foo::count, 2, second.options().record(true));
        Foo.bar("a");
        Foo.bar("b");
        Foo.count(1);
        Foo.count(2);
        assertThat(one.awaitCompleted(Duration.ofSeconds(10))).isTrue();
        assertThat(two.awaitCompleted(Duration.ofSeconds(10))).isTrue();
        assertThat(tracerThreads()).as("threads while or right after tracing").isNotEmpty();

        for (Thread thread : tracerThreads()) {
            thread.join(Duration.ofSeconds(15).toMillis());
            assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
        }
        assertThat(tracerThreads()).isEmpty();
        assertThat(TraceEngine.instance().liveThreads()).isZero();
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
    }

    @Test
    void aReturnComingAfterEverythingEnded_isStillDelivered() throws Exception {
        java.util.List<dev.smarttracer.recorder.Call> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch leave = new java.util.concurrent.CountDownLatch(1);
        Trace trace = SmartTracer.trace(Foo::identity, 1, TraceOptions.defaults().returns(true).handler(call -> {
            calls.add(call);
            both.countDown();
        }));
        Thread caller = new Thread(() -> Foo.identity(new Object() {
            @Override
            public String toString() {
                inside.countDown();
                awaitQuietly(leave);
                return "late";
            }
        }), "slow-caller");
        caller.start();
        try {
            assertThat(inside.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(trace.awaitCompleted(Duration.ofSeconds(10))).as("completes after the return grace").isTrue();
            for (Thread thread : tracerThreads()) {
                thread.join(Duration.ofSeconds(15).toMillis());
            }
            assertThat(tracerThreads()).as("no tracer thread while only a return is owed").isEmpty();
        } finally {
            leave.countDown();
            caller.join(10_000);
        }
        assertThat(both.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the late call and return arrived").isTrue();
        assertThat(calls).extracting(c -> c.type().name()).containsExactly("CALL", "RETURN");
        assertThat(calls.get(1).returnValue()).isEqualTo("late");
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Thread> tracerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("smarttracer-") && t.isAlive())
                .toList();
    }
}
