package dev.smarttracer.benchmarks;

import com.acme.bench.Target;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How many events a second a trace that only records keeps up with, from four threads: the path of
 * {@code trace --record --background} (returns on, the recorder the only consumer, a handler that does
 * nothing, the queue room the agent gives such a trace and its recorder's default bounds). Each thread
 * calls {@link Target#greet} in bursts every millisecond at its share of the offered rate (two events
 * a call); each rate runs for 3 s, and the harness prints the events delivered to the recorder a
 * second (which keeps the newest 100,000) and whether the trace had to end {@code OVERLOAD} (the
 * dispatcher fell behind by the whole queue room).
 *
 * <p>The queue room is the agent's for a background trace: bounded in bytes only, a sixteenth of the
 * heap, at most 256 MiB. {@code -Dqueue=N} and {@code -DqueueBytes=B} set another, e.g. a streaming
 * trace's ({@code -Dqueue=100000 -DqueueBytes=67108864}).
 *
 * <p>{@code java -XX:+IgnoreUnrecognizedVMOptions -XX:+EnableDynamicAgentLoading
 * -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.BackgroundRecordingHarness [events/s ...]}
 */
public final class BackgroundRecordingHarness {

    private static final int THREADS = 4;
    private static final int QUEUE = Integer.getInteger("queue", TraceOptions.MAX_QUEUE_CAPACITY);
    private static final long QUEUE_BYTES = Long.getLong("queueBytes", TraceOptions.heapShareQueueBytes(256L << 20));
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long[] OFFERED_EVENTS_PER_SECOND = {250_000, 500_000, 1_000_000, 2_000_000};

    private BackgroundRecordingHarness() {
    }

    /**
     * Runs each offered rate once, after a warm-up at the lowest.
     *
     * @param args the offered rates in events a second, in the order to run them; by default
     *     250,000, 500,000, 1,000,000 and 2,000,000
     * @throws Exception if a thread fails
     */
    public static void main(String[] args) throws Exception {
        long[] rates = args.length == 0 ? OFFERED_EVENTS_PER_SECOND
                : java.util.Arrays.stream(args).mapToLong(Long::parseLong).toArray();
        run(OFFERED_EVENTS_PER_SECOND[0], false);
        for (long offered : rates) {
            run(offered, true);
        }
    }

    private static void run(long offeredEvents, boolean print) throws Exception {
        Recorder recorder = Recorder.create(Recorder.DEFAULT_MAX_EVENTS, Recorder.DEFAULT_MAX_BYTES);
        Trace trace = SmartTracer.trace(Target::greet, Integer.MAX_VALUE, TraceOptions.defaults().returns(true)
                .record(true).recorder(recorder).queueCapacity(QUEUE).queueBytes(QUEUE_BYTES).handler(TraceHandler.discard()));
        long callsPerThreadPerMilli = Math.max(1, offeredEvents / 2 / THREADS / 1_000);
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                long next = start;
                while (next - start < RUN_NANOS && trace.stopReason() == null) {
                    for (long i = 0; i < callsPerThreadPerMilli; i++) {
                        Target.greet("FizzBuzz");
                    }
                    next += 1_000_000;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }, "producer-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long produced = System.nanoTime() - start;
        StopReason reason = trace.stopReason();
        trace.close();
        trace.awaitCompleted(java.time.Duration.ofSeconds(30));
        long events = trace.stats().calls() + trace.stats().returns();
        if (print) {
            System.out.println(String.format(Locale.ROOT,
                    "offered %,d events/s from %d threads: %,d events delivered to the recorder in %.2f s = %,.0f events/s; %s",
                    offeredEvents, THREADS, events, produced / 1e9, events / (produced / 1e9),
                    reason == null ? "kept up (no OVERLOAD)" : "ended " + reason));
        }
    }
}
