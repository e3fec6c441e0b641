package dev.smarttracer.benchmarks;

import com.acme.bench.Target;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a delivered call costs the calling thread, in its own CPU time: {@link Target#greet} traced
 * with returns and a handler that does nothing, against its never-traced twin
 * {@link Target#greetAlone} in the same JVM, in alternating segments of paced calls. Measuring the
 * thread's CPU time rather than the wall clock leaves out the time the thread waits for a core
 * (on a shared 2-core machine, the larger part of the spread between runs), and the twin, called
 * in the same rounds, cancels the machine's drift.
 *
 * <p>Prints, for each of its rounds after the warm-up, the traced segment's CPU time per call
 * minus the untraced one's, and their median and quartiles. A trace that stopped (the dispatcher
 * did not keep up) fails the run.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.CallingThreadHarness
 * [rounds] [calls a segment] [pace]}
 */
public final class CallingThreadHarness {

    private static int sink;

    private CallingThreadHarness() {
    }

    /**
     * Runs the rounds and prints their figures.
     *
     * @param args rounds (default 30), calls a segment (default 200,000) and the pace in JMH tokens
     *     between calls (default 1024, about 2 µs)
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        long pace = args.length > 2 ? Long.parseLong(args[2]) : 1024;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Trace trace = SmartTracer.trace(Target::greet, Integer.MAX_VALUE, TraceOptions.defaults().returns(true)
                .queueCapacity(10_000_000).handler(TraceHandler.discard()));
        try {
            int warmUp = 5;
            double[] added = new double[rounds];
            for (int round = -warmUp; round < rounds; round++) {
                boolean tracedFirst = (round & 1) == 0;
                long first = segment(threads, calls, pace, tracedFirst);
                long second = segment(threads, calls, pace, !tracedFirst);
                long traced = tracedFirst ? first : second;
                long alone = tracedFirst ? second : first;
                if (trace.stopReason() != null) {
                    throw new IllegalStateException("the trace stopped (" + trace.stopReason()
                            + "): the dispatcher did not keep up at this pace");
                }
                if (round >= 0) {
                    added[round] = (double) (traced - alone) / calls;
                    System.out.printf(Locale.ROOT, "round %d: %+.1f ns a call%n", round + 1, added[round]);
                }
            }
            Arrays.sort(added);
            System.out.printf(Locale.ROOT, "calling thread's CPU time added by a delivered call: median %+.1f ns"
                    + " (quartiles %+.1f .. %+.1f) over %d rounds of %,d calls, pace %d%n", added[rounds / 2],
                    added[rounds / 4], added[rounds * 3 / 4], rounds, calls, pace);
        } finally {
            trace.close();
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static long segment(ThreadMXBean threads, int calls, long pace, boolean traced) {
        String name = "FizzBuzz";
        int sum = 0;
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            Blackhole.consumeCPU(pace);
            sum += traced ? Target.greet(name) : Target.greetAlone(name);
        }
        long used = threads.getCurrentThreadCpuTime() - start;
        sink += sum;
        return used;
    }
}
