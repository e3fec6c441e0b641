package dev.smarttracer.benchmarks;

import dev.smarttracer.TraceHandler;
import com.acme.bench.Target;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.Recording;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;

/**
 * Two measurements of the recorder fed by real traces, printed as ratios to their bound or as a
 * rate:
 *
 * <ol>
 *   <li>Dispatcher throughput into the recorder: one thread makes 1,000,000 traced calls with
 *       returns, recorded; events per second from the first call until every event is recorded.
 *   <li>Retained heap: 2,000,000 traced calls, each with its own 1 KB string argument, recorded
 *       into a recorder bounded at 64 MiB; heap used after full GCs, minus the same before.
 * </ol>
 *
 * <p>{@code java -Xmx1g -XX:+UseSerialGC -XX:+IgnoreUnrecognizedVMOptions -XX:+EnableDynamicAgentLoading
 * -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.RecorderHarness}
 */
public final class RecorderHarness {

    private static final int THROUGHPUT_CALLS = 1_000_000;
    private static final int MEMORY_CALLS = 2_000_000;
    private static final long BOUND = 64L << 20;
    private static final int BACKLOG = 20_000;
    private static final Duration WAIT = Duration.ofMinutes(5);

    private RecorderHarness() {
    }

    /**
     * Runs both measurements.
     *
     * @param args ignored
     * @throws Exception if a trace does not complete
     */
    public static void main(String[] args) throws Exception {
        throughput();
        memory();
    }

    private static void throughput() throws InterruptedException {
        Recorder recorder = Recorder.create(2L * THROUGHPUT_CALLS, 4L << 30);
        for (int round = 1; round <= 3; round++) {
            recorder.clear();
            Trace trace = SmartTracer.trace(Target::greet, THROUGHPUT_CALLS, TraceOptions.defaults().returns(true)
                    .queueCapacity(10_000_000).recorder(recorder).handler(TraceHandler.discard()));
            long start = System.nanoTime();
            for (int i = 0; i < THROUGHPUT_CALLS; i++) {
                Target.greet("FizzBuzz");
            }
            long produced = System.nanoTime() - start;
            require(trace.awaitCompleted(WAIT), "trace did not complete");
            long recorded = System.nanoTime() - start;
            require(recorder.size() == 2L * THROUGHPUT_CALLS, "recorded " + recorder.size() + " events");
            System.out.println(String.format(Locale.ROOT,
                    "throughput round %d: %,d events recorded in %.0f ms = %,.0f events/s into the recorder"
                            + " (the calling thread produced them in %.0f ms)",
                    round, recorder.size(), recorded / 1e6, recorder.size() / (recorded / 1e9), produced / 1e6));
        }
        recorder.clear();
    }

    private static void memory() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Recorder recorder = Recorder.create(Long.MAX_VALUE, BOUND);
        long before = usedAfterGc(memory);
        Trace trace = SmartTracer.trace(Target::greet, MEMORY_CALLS, TraceOptions.defaults()
                .queueCapacity(2 * BACKLOG).recorder(recorder).handler(TraceHandler.discard()));
        char[] kilobyte = "0123456789abcdef".repeat(64).toCharArray();
        for (int i = 0; i < MEMORY_CALLS; i++) {
            kilobyte[i % kilobyte.length] = (char) ('a' + i % 26);
            Target.greet(new String(kilobyte));
            // Wait for the dispatcher rather than trip OVERLOAD: the queue is not what is measured.
            while (i - trace.delivered() > BACKLOG) {
                Thread.yield();
            }
        }
        require(trace.awaitCompleted(WAIT), "trace did not complete");
        long after = usedAfterGc(memory);
        Recording recording = recorder.recording(trace.id()).orElseThrow();
        long retained = after - before;
        System.out.println(String.format(Locale.ROOT,
                "memory: %,d calls with 1 KB arguments; kept %,d, dropped %,d; estimated %,d bytes;"
                        + " retained heap %,d bytes = %.3f of the %,d-byte bound",
                MEMORY_CALLS, recording.calls().size(), recording.droppedEvents(), recorder.bytes(), retained,
                retained / (double) BOUND, BOUND));
        require(recording.calls().size() + recording.droppedEvents() == MEMORY_CALLS, "events unaccounted for");
        // Keep the recorder reachable until after the measurement.
        require(recorder.size() > 0, "nothing kept");
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
