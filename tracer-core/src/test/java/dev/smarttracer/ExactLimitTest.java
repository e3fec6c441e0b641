package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ExactLimitTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 100_000;
    private static final int LIMIT = 1_000;

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void limit_eightThreadsCallingHundredThousandTimes_deliversExactlyOneThousand() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Foo::count, LIMIT, collector.options().queueCapacity(1_000_000));
        hammer();
        List<Call> calls = collector.awaitStopped();

        assertThat(calls).hasSize(LIMIT).allMatch(c -> c.type() == CallType.CALL);
        assertThat(calls.stream().map(Call::callId).collect(Collectors.toSet()))
                .isEqualTo(LongStream.rangeClosed(1, LIMIT).boxed().collect(Collectors.toSet()));
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(trace.delivered()).isEqualTo(LIMIT);
        assertThat(trace.awaitDetached(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void limitWithReturns_eightThreads_deliversOneThousandCallsAndTheirOneThousandReturns() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Foo::count, LIMIT,
                collector.options().returns(true).queueCapacity(1_000_000));
        hammer();
        List<Call> calls = collector.awaitStopped();

        List<Call> entries = collector.ofType(CallType.CALL);
        List<Call> returns = collector.ofType(CallType.RETURN);
        assertThat(calls).hasSize(2 * LIMIT);
        assertThat(entries).hasSize(LIMIT);
        assertThat(returns).hasSize(LIMIT);
        Set<Long> expectedIds = LongStream.rangeClosed(1, LIMIT).boxed().collect(Collectors.toSet());
        assertThat(entries.stream().map(Call::callId).collect(Collectors.toSet())).isEqualTo(expectedIds);
        assertThat(returns.stream().map(Call::callId).collect(Collectors.toSet())).isEqualTo(expectedIds);
        for (Call ret : returns) {
            Call entry = entries.stream().filter(c -> c.callId() == ret.callId()).findFirst().orElseThrow();
            assertThat(ret.threadId()).as("return on the calling thread of call " + ret.callId())
                    .isEqualTo(entry.threadId());
            assertThat(ret.returnValue()).isEqualTo(entry.args().get(0));
            assertThat(calls.indexOf(ret)).isGreaterThan(calls.indexOf(entry));
        }
        assertThat(trace.stats().returns()).isEqualTo(LIMIT);
    }

    @Test
    void limitOfOne_singleThread_theReturnOfTheLastCallArrives() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace(Foo::count, 1, collector.options().returns(true));
        Foo.count(11);
        Foo.count(12);
        assertThat(collector.awaitStopped()).extracting(Call::type, Call::callId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CallType.CALL, 1L),
                        org.assertj.core.groups.Tuple.tuple(CallType.RETURN, 1L));
    }

    private static void hammer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int base = t * CALLS_PER_THREAD;
                results.add(pool.submit(() -> {
                    start.await();
                    long sum = 0;
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        sum += Foo.count(base + i);
                    }
                    return sum;
                }));
            }
            start.countDown();
            for (Future<Long> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @Tag("soak") // repeated runs: in ./mvnw verify -Psoak, which CI runs
    void limitOfHalfTheQueue_withReturnsBehindASlowHandler_neverOverloads_in200Runs() throws Exception {
        int capacity = 200;
        int limit = capacity / 2;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int run = 0; run < 200; run++) {
                Collector collector = new Collector() {
                    @Override
                    public void handle(Call call) {
                        super.handle(call);
                        // Slow enough that the calling threads fill the queue.
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                    }
                };
                Trace trace = SmartTracer.trace(Foo::count, limit,
                        collector.options().returns(true).queueCapacity(capacity));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> callers = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    callers.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 50; i++) {
                            Foo.count(i);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> caller : callers) {
                    caller.get(30, TimeUnit.SECONDS);
                }
                List<Call> calls = collector.awaitStopped();
                assertThat(trace.stopReason()).as("run " + run).isEqualTo(StopReason.LIMIT_REACHED);
                assertThat(calls.stream().filter(c -> c.type() == CallType.CALL).count()).as("run " + run)
                        .isEqualTo(limit);
                assertThat(calls).as("run " + run).hasSize(2 * limit);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
