package dev.smarttracer.benchmarks;

import com.acme.inventory.StockRepository;
import com.acme.inventory.InventoryLoad;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.recorder.Call;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The JVM under test: an application that serves an embedded H2 database under load, and then,
 * on its own main thread, traces one of its own methods on the load path. Started by
 * {@link FirstTraceUnderLoad} and {@link FirstTraceBreakdown}, one JVM per configuration; it
 * prints one {@code first-trace key=value ...} line with what it measured.
 *
 * <p>The application: {@code --threads} workers call {@link StockRepository#restock} (one MERGE and
 * one SELECT) back to back, each on its own connection; {@code --threads 0} is an idle
 * application that calls it once after the trace starts. After {@code --warmup} seconds the
 * main thread calls {@code SmartTracer.trace(StockRepository::restock, 5, ...)} with a handler that
 * notes when the first event arrives, and watches throughput for {@code --after} seconds.
 *
 * <p>Options for the breakdown: {@code --attach-first} calls {@code ByteBuddyAgent.install()}
 * alone before the trace and times it (the engine then finds the instrumentation already
 * there); {@code --profile} samples the main thread's stack during both and lists the processes
 * started meanwhile; {@code --second-trace} traces the method again once the first trace has
 * detached, to show what an install costs once everything is warm; {@code --stacks DIR} writes
 * the profile's samples there as collapsed stacks ({@code attach.collapsed},
 * {@code trace.collapsed}).
 *
 * <p>It exits on its own if {@code --parent} (a pid) goes away or {@code --deadline} seconds
 * pass, so an interrupted run leaves nothing behind.
 */
public final class FirstTraceProbe {

    /** What the result line starts with. */
    static final String RESULT = "first-trace ";

    private static final String URL = "jdbc:h2:mem:inventory;DB_CLOSE_DELAY=-1";

    private FirstTraceProbe() {
    }

    /**
     * Runs the application, the trace and the measurement, and prints the result line.
     *
     * @param args {@code --threads N --warmup S --after S --baseline S [--attach-first]
     *     [--profile [--stacks DIR]] [--second-trace] [--parent PID] [--deadline S]}
     * @throws Exception if the application or the trace fails
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        guard(options);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("java", System.getProperty("java.version"));
        out.put("vm", System.getProperty("java.vm.name").replace(' ', '_'));
        out.put("agent_at_start", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(arg -> arg.startsWith("-javaagent:")));
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("threads", options.threads);

        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        StockRepository own = new StockRepository(URL);
        InventoryLoad load = options.threads > 0 ? InventoryLoad.start(URL, options.threads) : null;
        ThroughputTimeline timeline = load != null ? ThroughputTimeline.start(load::operations) : null;
        if (load == null) {
            // An idle application still ran its code once, as one that served a few requests has.
            for (int i = 0; i < 1_000; i++) {
                own.restock(i, i);
            }
        }
        long window = Math.min(options.baseline, options.warmup);
        Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmup - window));
        long[] before = cpuNow();
        Thread.sleep(TimeUnit.SECONDS.toMillis(window));
        long[] during = cpuNow();
        out.put("other_cores_baseline", otherCores(before, during));
        if (load != null) {
            load.checkHealthy();
        }

        StackProfile profile = options.profile ? StackProfile.of(Thread.currentThread(), 5) : null;
        ChildProcessWatch processes = options.profile ? ChildProcessWatch.start() : null;
        if (options.attachFirst) {
            long loaded = classes.getTotalLoadedClassCount();
            resume(profile);
            long start = System.nanoTime();
            ByteBuddyAgent.install();
            long took = System.nanoTime() - start;
            pause(profile);
            out.put("attach_ms", millis(took));
            out.put("attach_classes", classes.getTotalLoadedClassCount() - loaded);
            if (profile != null) {
                out.put("attach_profile", profile.summary());
                if (options.stacks != null) {
                    profile.writeCollapsed(options.stacks.resolve("attach.collapsed"));
                }
                profile.close();
                profile = StackProfile.of(Thread.currentThread(), 5);
            }
        }

        AtomicLong firstEventAt = new AtomicLong();
        AtomicReference<Instant> firstCallAt = new AtomicReference<>();
        CountDownLatch firstEvent = new CountDownLatch(1);
        TraceOptions traceOptions = TraceOptions.defaults().handler((Call call) -> {
            if (firstEventAt.compareAndSet(0, System.nanoTime())) {
                firstCallAt.set(call.timestamp());
                firstEvent.countDown();
            }
        });
        long jitBefore = jit.getTotalCompilationTime();
        long loaded = classes.getTotalLoadedClassCount();
        long[] atTrace = cpuNow();
        resume(profile);
        Instant wallStart = Instant.now();
        long start = System.nanoTime();
        Trace trace = SmartTracer.trace(StockRepository::restock, 5, traceOptions);
        long returned = System.nanoTime();
        if (load == null) {
            own.restock(1, 1);
        }
        boolean delivered = firstEvent.await(120, TimeUnit.SECONDS);
        pause(profile);
        out.put("other_cores_trace", otherCores(atTrace, cpuNow()));
        out.put("attach_listener", attachedTo());
        out.put("trace_ms", millis(returned - start));
        out.put("trace_classes", classes.getTotalLoadedClassCount() - loaded);
        out.put("first_event_ms", delivered ? millis(firstEventAt.get() - start) : "none");
        out.put("first_call_ms", delivered
                ? millis(Duration.between(wallStart, firstCallAt.get()).toNanos()) : "none");
        if (profile != null) {
            out.put("trace_profile", profile.summary());
            out.put("trace_unplaced", profile.unplaced());
            out.put("profile_period_ms", profile.period());
            if (options.stacks != null) {
                profile.writeCollapsed(options.stacks.resolve("trace.collapsed"));
            }
            profile.close();
        }
        if (processes != null) {
            processes.close();
            StringJoiner started = new StringJoiner(";");
            for (ChildProcessWatch.Seen seen : processes.seen()) {
                started.add(String.format(Locale.ROOT, "pid%d:seen_at_%s:lived_%s:cpu_%s", seen.pid,
                        millis(seen.firstSeen - start), seen.exited < 0 ? "?" : millis(seen.exited - seen.firstSeen),
                        seen.cpuNanos < 0 ? "?" : millis(seen.cpuNanos)));
            }
            out.put("child_processes", started.length() == 0 ? "none" : started.toString());
        }

        if (timeline != null) {
            long end = start + TimeUnit.SECONDS.toNanos(options.after);
            while (timeline.sampledUntil() < end) {
                Thread.sleep(50);
            }
            long jitAfter = jit.getTotalCompilationTime() - jitBefore;
            out.put("other_cores_after", otherCores(during, cpuNow()));
            measureThroughput(options, timeline, start, out);
            out.put("jit_ms_after", jitAfter);
            load.checkHealthy();
        }
        trace.close();
        if (options.secondTrace) {
            if (!trace.awaitDetached(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the first trace did not detach within 30 s");
            }
            long second = System.nanoTime();
            Trace again = SmartTracer.trace(StockRepository::restock, 5, TraceOptions.defaults().handler(call -> { }));
            out.put("second_trace_ms", millis(System.nanoTime() - second));
            again.close();
        }
        out.put("jit_ms_total", jit.getTotalCompilationTime());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            out.put("process_cpu_ms", millis(os.getProcessCpuTime()));
        }
        StringJoiner line = new StringJoiner(" ", RESULT, "");
        out.forEach((key, value) -> line.add(key + "=" + value));
        System.out.println(line);
        System.out.flush();
        if (load != null) {
            load.close();
            timeline.close();
        }
        own.close();
        System.exit(0);
    }

    private static void measureThroughput(Options options, ThroughputTimeline timeline, long start,
            Map<String, Object> out) {
        long second = TimeUnit.SECONDS.toNanos(1);
        double baseline = timeline.rate(start - options.baseline * second, start);
        out.put("baseline_ops", Math.round(baseline));
        StringJoiner perSecond = new StringJoiner(",");
        for (int s = 0; s < options.after; s++) {
            perSecond.add(String.valueOf(Math.round(timeline.rate(start + s * second, start + (s + 1) * second))));
        }
        out.put("per_second_ops", perSecond);
        // Sliding one-second windows, 100 ms apart, from the trace() call on.
        long step = ThroughputTimeline.PERIOD_NANOS;
        int windows = (int) ((options.after - 1) * second / step) + 1;
        double worst = Double.MAX_VALUE;
        int worstAt = 0;
        for (int w = 0; w < windows; w++) {
            double rate = timeline.rate(start + w * step, start + w * step + second);
            if (rate < worst) {
                worst = rate;
                worstAt = w;
            }
        }
        out.put("worst_window_ratio", String.format(Locale.ROOT, "%.3f", worst / baseline));
        out.put("worst_window_at_s", String.format(Locale.ROOT, "%.1f", worstAt * step / 1e9));
        String recovered = "0.0";
        if (worst < 0.9 * baseline) {
            recovered = ">" + options.after;
            for (int w = worstAt + 1; w < windows; w++) {
                if (timeline.rate(start + w * step, start + w * step + second) >= 0.9 * baseline) {
                    recovered = String.format(Locale.ROOT, "%.1f", (w * step + second) / 1e9);
                    break;
                }
            }
        }
        out.put("recovered_90_s", recovered);
        out.put("longest_sample_gap_ms", millis(timeline.longestGap(start, start + options.after * second)));
    }

    /**
     * Tells whether something attached to this JVM: HotSpot opens its attach socket then (here only
     * a self-attach can have). A socket left by an earlier process with the same pid is older than
     * this JVM and does not count.
     */
    private static boolean attachedTo() throws IOException {
        Path socket = Path.of("/tmp/.java_pid" + ProcessHandle.current().pid());
        if (!Files.exists(socket)) {
            return false;
        }
        Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        return !Files.getLastModifiedTime(socket).toInstant().isBefore(started.minusSeconds(1));
    }

    /** Returns now, the machine's busy CPU time and this process's CPU time, in nanoseconds. */
    private static long[] cpuNow() {
        long own = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new long[] {System.nanoTime(), MachineLoad.busyNanos(), own};
    }

    /**
     * Returns how many cores other processes kept busy on average between two readings (the
     * attacher JVM of a self-attach counts as another process), or {@code ?} if unknown.
     */
    private static String otherCores(long[] from, long[] to) {
        if (from[1] < 0 || from[2] < 0) {
            return "?";
        }
        double others = (to[1] - from[1]) - (to[2] - from[2]);
        return String.format(Locale.ROOT, "%.2f", Math.max(0, others) / (to[0] - from[0]));
    }

    private static void resume(StackProfile profile) {
        if (profile != null) {
            profile.resume();
        }
    }

    private static void pause(StackProfile profile) {
        if (profile != null) {
            profile.pause();
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static void guard(Options options) {
        if (options.parent > 0) {
            ProcessHandle.of(options.parent).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
                    () -> Runtime.getRuntime().halt(3));
        }
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(options.deadline));
                System.err.println("first-trace probe: deadline of " + options.deadline + " s passed; exiting");
                Runtime.getRuntime().halt(4);
            } catch (InterruptedException ignored) {
                // the JVM is exiting
            }
        }, "probe-deadline");
        deadline.setDaemon(true);
        deadline.start();
    }

    /** The command-line options. */
    private record Options(int threads, long warmup, long after, long baseline, boolean attachFirst, boolean profile,
            boolean secondTrace, long parent, long deadline, Path stacks) {

        static Options parse(String[] args) {
            int threads = 2;
            long warmup = 25;
            long after = 15;
            long baseline = 10;
            boolean attachFirst = false;
            boolean profile = false;
            boolean secondTrace = false;
            long parent = -1;
            long deadline = 600;
            Path stacks = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--threads" -> threads = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Long.parseLong(args[++i]);
                    case "--after" -> after = Long.parseLong(args[++i]);
                    case "--baseline" -> baseline = Long.parseLong(args[++i]);
                    case "--attach-first" -> attachFirst = true;
                    case "--profile" -> profile = true;
                    case "--second-trace" -> secondTrace = true;
                    case "--parent" -> parent = Long.parseLong(args[++i]);
                    case "--deadline" -> deadline = Long.parseLong(args[++i]);
                    case "--stacks" -> stacks = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (threads > 0 && (baseline > warmup || after < 2)) {
                throw new IllegalArgumentException("--baseline (" + baseline + " s) must fit in --warmup (" + warmup
                        + " s), and --after must be at least 2 s");
            }
            if (stacks != null && !profile) {
                throw new IllegalArgumentException("--stacks DIR writes the samples of --profile; pass both");
            }
            return new Options(threads, warmup, after, baseline, attachFirst, profile, secondTrace, parent, deadline,
                    stacks);
        }
    }
}
