package com.acme.greeting;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The application the side-by-side comparison traces: worker threads call
 * {@link Greeter#greet(String)}, each at a fixed pace (or as fast as it can), and the JVM reports
 * what they see on standard output, one line each:
 *
 * <ul>
 *   <li>{@code ready <pid> <java.version>} once the workers run;</li>
 *   <li>every 100 ms, {@code tick <nanoTime> <calls so far> <worst call ns> <worst late ns>}: the
 *       longest call, and the longest time from a call's scheduled start to its end (which takes in
 *       a pause that stopped a worker between calls), since the previous tick;</li>
 *   <li>in answer to {@code mark NAME} on standard input, {@code mark NAME <nanoTime>}, after which
 *       {@code report FROM TO} prints {@code report FROM TO} and {@code key=value} figures for the
 *       calls between two marks (count, seconds, calls per second, call-time percentiles in ns,
 *       process CPU ns);</li>
 *   <li>in answer to {@code heap}, {@code heap <bytes>}: the heap in use after full collections.</li>
 * </ul>
 *
 * <p>{@link System#nanoTime()} reads the machine's monotonic clock, so the harness that started this
 * JVM can compare these instants with its own. A paced worker that falls more than a second behind
 * its schedule starts a new schedule from now and counts the calls it skipped.
 *
 * <p>Arguments: {@code --threads N} (default 2), {@code --rate CALLS_PER_SECOND_PER_THREAD}
 * (default 50,000; 0 for as fast as possible), {@code --rounds R} (the work in each call).
 */
public final class GreetingApp {

    private static final long TICK_NANOS = 100_000_000L;
    private static final long REBASE_NANOS = 1_000_000_000L;

    private final Greeter greeter;
    private final long periodNanos;
    private final List<Worker> workers = new ArrayList<>();
    private final Map<String, Mark> marks = new HashMap<>();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private volatile long sink;

    private GreetingApp(Greeter greeter, int threads, long rate) {
        this.greeter = greeter;
        this.periodNanos = rate == 0 ? 0 : 1_000_000_000L / rate;
        for (int i = 0; i < threads; i++) {
            workers.add(new Worker(i));
        }
    }

    /**
     * Runs the service until standard input ends or says {@code exit}.
     *
     * @param args {@code --threads N}, {@code --rate R}, {@code --rounds R}
     * @throws IOException if standard input cannot be read
     */
    public static void main(String[] args) throws IOException {
        int threads = 2;
        long rate = 50_000;
        int rounds = Greeter.DEFAULT_ROUNDS;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(value);
                case "--rate" -> rate = Long.parseLong(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --threads N, --rate CALLS_PER_SECOND_PER_THREAD or --rounds R");
            }
            i++;
        }
        if (threads < 1 || rate < 0) {
            throw new IllegalArgumentException("--threads must be at least 1 and --rate at least 0; got " + threads
                    + " and " + rate);
        }
        new GreetingApp(new Greeter(rounds), threads, rate).run();
    }

    private void run() throws IOException {
        workers.forEach(Worker::start);
        Thread ticker = new Thread(this::tick, "greeting-ticker");
        ticker.setDaemon(true);
        ticker.setPriority(Thread.MAX_PRIORITY);
        ticker.start();
        System.out.println("ready " + ProcessHandle.current().pid() + " " + System.getProperty("java.version"));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.trim().split("\\s+");
            if (words[0].isEmpty()) {
                continue;
            }
            switch (words[0]) {
                case "mark" -> mark(words[1]);
                case "report" -> report(words[1], words[2]);
                case "heap" -> heap();
                case "exit" -> {
                    System.out.println("exit " + sink);
                    System.exit(0);
                }
                default -> System.out.println("unknown " + line);
            }
        }
        System.exit(0);
    }

    private void tick() {
        long next = System.nanoTime();
        for (;;) {
            next += TICK_NANOS;
            long wait;
            while ((wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long calls = 0;
            long worstCall = 0;
            long worstLate = 0;
            for (Worker worker : workers) {
                calls += worker.calls.get();
                worstCall = Math.max(worstCall, worker.tickWorstCall.getAndSet(0));
                worstLate = Math.max(worstLate, worker.tickWorstLate.getAndSet(0));
            }
            System.out.println("tick " + System.nanoTime() + " " + calls + " " + worstCall + " " + worstLate);
        }
    }

    private void mark(String name) {
        long[] call = new long[LatencyHistogram.BUCKETS];
        long[] late = new long[LatencyHistogram.BUCKETS];
        long calls = 0;
        long skipped = 0;
        long now = System.nanoTime();
        for (Worker worker : workers) {
            worker.callTimes.addTo(call);
            worker.lateTimes.addTo(late);
            calls += worker.calls.get();
            skipped += worker.skipped.get();
        }
        marks.put(name, new Mark(now, calls, skipped, os.getProcessCpuTime(), call, late));
        System.out.println("mark " + name + " " + now);
    }

    private void report(String from, String to) {
        Mark a = marks.get(from);
        Mark b = marks.get(to);
        if (a == null || b == null) {
            System.out.println("report " + from + " " + to + " error=unknown-mark");
            return;
        }
        long[] call = new long[LatencyHistogram.BUCKETS];
        long[] late = new long[LatencyHistogram.BUCKETS];
        for (int i = 0; i < call.length; i++) {
            call[i] = b.call[i] - a.call[i];
            late[i] = b.late[i] - a.late[i];
        }
        double seconds = (b.nanos - a.nanos) / 1e9;
        long calls = b.calls - a.calls;
        System.out.printf("report %s %s calls=%d seconds=%.3f rate=%.1f skipped=%d cpu=%d"
                        + " p50=%d p90=%d p99=%d p999=%d max=%d late_p99=%d late_max=%d%n",
                from, to, calls, seconds, calls / seconds, b.skipped - a.skipped, b.cpuNanos - a.cpuNanos,
                LatencyHistogram.quantile(call, 0.50), LatencyHistogram.quantile(call, 0.90),
                LatencyHistogram.quantile(call, 0.99), LatencyHistogram.quantile(call, 0.999),
                LatencyHistogram.quantile(call, 1.0), LatencyHistogram.quantile(late, 0.99),
                LatencyHistogram.quantile(late, 1.0));
    }

    private static void heap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        System.out.println("heap " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    private record Mark(long nanos, long calls, long skipped, long cpuNanos, long[] call, long[] late) {
    }

    /** One paced caller; its counters are written by its own thread only. */
    private final class Worker {

        final LatencyHistogram callTimes = new LatencyHistogram();
        final LatencyHistogram lateTimes = new LatencyHistogram();
        final AtomicLong calls = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong tickWorstCall = new AtomicLong();
        final AtomicLong tickWorstLate = new AtomicLong();
        private final Thread thread;

        Worker(int index) {
            thread = new Thread(this::work, "greeting-worker-" + index);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void work() {
            long n = 0;
            long folded = 0;
            long scheduled = System.nanoTime();
            for (;;) {
                if (periodNanos > 0) {
                    long now = System.nanoTime();
                    long wait = scheduled - now;
                    if (wait > 0) {
                        // parkNanos wakes late by tens of µs: the calls then due run back to back.
                        LockSupport.parkNanos(wait);
                        continue;
                    }
                    if (-wait > REBASE_NANOS) {
                        long behind = -wait / periodNanos;
                        skipped.lazySet(skipped.get() + behind);
                        scheduled += behind * periodNanos;
                    }
                }
                String name = "guest-" + (n % 100_000);
                long start = System.nanoTime();
                String greeting = greeter.greet(name);
                long end = System.nanoTime();
                folded += greeting.length();
                long call = end - start;
                long late = periodNanos > 0 ? end - scheduled : call;
                callTimes.record(call);
                lateTimes.record(late);
                raise(tickWorstCall, call);
                raise(tickWorstLate, late);
                calls.lazySet(++n);
                scheduled += periodNanos;
                if ((n & 0xffff) == 0) {
                    sink = folded;
                }
            }
        }

        private void raise(AtomicLong worst, long value) {
            // Only this thread raises it; the ticker takes it with getAndSet, so nothing is lost.
            if (value > worst.get()) {
                worst.lazySet(value);
            }
        }
    }
}
