package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import com.acme.Recursion;
import com.acme.Values;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Everything hostile at once: handlers that throw, block and crawl, a ticker that breaks, a
 * recursion down to a StackOverflowError, sixteen calling threads; afterwards every trace ended
 * with its reason, nothing is instrumented, and a trace beside them delivered exactly its limit.
 */
class StressTest {

    private static final int THREADS = 16;
    private static final int UNTOUCHED_LIMIT = 20_000;

    @Test
    @Tag("soak") // a run under load: in ./mvnw verify -Psoak, which CI runs
    void hostileHandlersTickersAndRecursionAtOnce_everyTraceEnds_andAnUntouchedTraceIsExact() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean clockBroken = new AtomicBoolean();
        Ticker breaking = () -> {
            if (clockBroken.get()) {
                throw new IllegalStateException("clock broke");
            }
            return System.nanoTime();
        };
        Map<String, Trace> traces = Map.of(
                "throwing", SmartTracer.trace(Foo::bar, 1_000, TraceOptions.defaults().handler(call -> {
                    throw new IllegalStateException("handler bug");
                })),
                "blocking", SmartTracer.trace(Foo::zero, 1_000, TraceOptions.defaults().queueCapacity(100)
                        .handler(call -> awaitQuietly(release))),
                "slow", SmartTracer.trace(Foo::touch, 100_000, TraceOptions.defaults().queueCapacity(1_000)
                        .handler(call -> LockSupport.parkNanos(100_000))),
                "ticker", SmartTracer.trace(Foo::identity, 1_000_000, TraceOptions.defaults().ticker(breaking)
                        .queueCapacity(10_000_000).queueBytes(1L << 30)
                        .returns(true).handler(TraceHandler.discard())),
                "recursion", SmartTracer.trace(Recursion::dive, 1_000_000, TraceOptions.defaults().returns(true)
                        .queueCapacity(10_000_000).queueBytes(1L << 30).handler(TraceHandler.discard())));
        List<Call> untouchedCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Trace untouched = SmartTracer.trace(Foo::count, UNTOUCHED_LIMIT, TraceOptions.defaults().returns(true)
                .queueCapacity(2 * UNTOUCHED_LIMIT).handler(untouchedCalls::add));

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                callers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 5_000; i++) {
                        Foo.bar("x");
                        Foo.zero();
                        Foo.touch();
                        Foo.identity(i);
                        Foo.count(i);
                        Values.take(i);
                        if (i == 2_500 && thread == 0) {
                            clockBroken.set(true);
                        }
                        if (i % 1_000 == 0) {
                            Recursion.overflow();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> caller : callers) {
                caller.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        for (String ending : List.of("throwing", "blocking", "slow", "ticker")) {
            Trace trace = traces.get(ending);
            assertThat(trace.awaitDetached(Duration.ofSeconds(10))).as("ended by itself: " + trace).isTrue();
        }
        SmartTracer.stop();
        for (Trace trace : SmartTracer.activeTraces()) {
            assertThat(trace.awaitDetached(Duration.ofSeconds(10))).as("detached: " + trace).isTrue();
        }
        assertThat(traces.get("throwing").stopReason()).isEqualTo(StopReason.HANDLER_FAILED);
        assertThat(traces.get("blocking").stopReason()).isEqualTo(StopReason.OVERLOAD);
        assertThat(traces.get("slow").stopReason()).isEqualTo(StopReason.OVERLOAD);
        assertThat(traces.get("ticker").stopReason()).isEqualTo(StopReason.FAILED);
        assertThat(traces.get("recursion").stopReason()).isIn(StopReason.STOPPED, StopReason.LIMIT_REACHED);
        assertThat(SmartTracer.activeTraces()).isEmpty();
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();

        assertThat(untouched.awaitCompleted(Duration.ofSeconds(30))).isTrue();
        assertThat(untouched.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(untouchedCalls.stream().filter(c -> c.type() == CallType.CALL).mapToLong(Call::callId).sorted())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, UNTOUCHED_LIMIT).boxed().toList());
        assertThat(untouchedCalls.stream().filter(c -> c.type() == CallType.RETURN)).hasSize(UNTOUCHED_LIMIT);

        release.countDown();
        for (Trace trace : traces.values()) {
            assertThat(trace.awaitCompleted(Duration.ofSeconds(20))).as("completed: " + trace).isTrue();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
