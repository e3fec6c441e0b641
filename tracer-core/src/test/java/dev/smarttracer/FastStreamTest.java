package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fast stream loses nothing and keeps each thread's order: four threads call a traced method as
 * fast as they can, with returns, until the limit, and the handler receives every call and every
 * return, each thread's in the order it made them, each return right after its own call.
 */
class FastStreamTest {

    private static final int THREADS = 4;
    private static final int CALLS_PER_THREAD = 50_000;

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    /** Keeps the events of each thread in the order the handler received them; one lane calls it at a time. */
    private static final class PerThread implements TraceHandler {
        final Map<String, List<Call>> events = new HashMap<>();
        final CountDownLatch stopped = new CountDownLatch(1);

        @Override
        public synchronized void handle(Call call) {
            events.computeIfAbsent(call.threadName(), name -> new ArrayList<>()).add(call);
        }

        @Override
        public void stopped(Trace trace) {
            stopped.countDown();
        }
    }

    @Test
    void fourThreadsAsFastAsTheyCan_everyCallAndReturnArrives_inEachThreadsOrder() throws Exception {
        PerThread handler = new PerThread();
        int limit = THREADS * CALLS_PER_THREAD;
        // Room for every event at once: the trace cannot end OVERLOAD, so anything missing is lost.
        Trace trace = SmartTracer.trace(Foo.class.getMethod("over", int.class), limit,
                TraceOptions.defaults().returns(true).queueCapacity(2 * limit).queueBytes(1L << 30).handler(handler));
        List<Thread> callers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < THREADS; t++) {
            Thread caller = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i <= CALLS_PER_THREAD; i++) {
                    Foo.over(i);
                }
            }, "fast-stream-" + t);
            callers.add(caller);
            caller.start();
        }
        try {
            go.countDown();
            for (Thread caller : callers) {
                caller.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertThat(handler.stopped.await(30, TimeUnit.SECONDS)).as("the trace's end reached the handler").isTrue();
        } finally {
            for (Thread caller : callers) {
                caller.interrupt();
                caller.join(TimeUnit.SECONDS.toMillis(10));
            }
        }

        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(trace.delivered()).isEqualTo(limit);
        assertThat(handler.events).hasSize(THREADS);
        for (Map.Entry<String, List<Call>> thread : handler.events.entrySet()) {
            List<Call> events = thread.getValue();
            assertThat(events).as(thread.getKey()).hasSize(2 * CALLS_PER_THREAD);
            for (int i = 1; i <= CALLS_PER_THREAD; i++) {
                Call call = events.get(2 * i - 2);
                Call returned = events.get(2 * i - 1);
                assertThat(call.type()).as(thread.getKey() + " event " + (2 * i - 2)).isEqualTo(CallType.CALL);
                assertThat(call.args()).as(thread.getKey() + " call " + i).containsExactly(i);
                assertThat(returned.type()).as(thread.getKey() + " event " + (2 * i - 1)).isEqualTo(CallType.RETURN);
                assertThat(returned.callId()).isEqualTo(call.callId());
                assertThat(returned.returnValue()).isEqualTo("int " + i);
            }
        }
        assertThat(trace.awaitDetached(Duration.ofSeconds(5))).isTrue();
    }
}
