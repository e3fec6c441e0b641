package dev.smarttracer.benchmarks;

import dev.smarttracer.samples.DemoService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Measures what tracing by pid costs, as a user meets it, with real processes: the demo service
 * as target, {@code java -jar smarttracer.jar trace ...} as the command.
 *
 * <ol>
 *   <li><b>Time to the first event</b>: from starting the command to its first event line, on a
 *       JVM without the agent (the command attaches and loads it; a fresh target each time) and
 *       on one where it is loaded already.</li>
 *   <li><b>Pause while a trace installs and detaches</b>: the demo service handles an order every
 *       millisecond and reports, every 10 ms, the worst order latency; the worst during the
 *       install (command start to first event) and the detach (last event to the summary, plus
 *       20 ms), against the worst of the 5 s before tracing, in the same run.</li>
 *   <li><b>Throughput after the first attach</b>: the demo service handles orders back to back and
 *       reports orders per second; after 20 s of warm-up one call is traced, and the worst 1 s
 *       window of the next 15 s is set against the median of the 5 s before, for a target started
 *       plain (the agent arrives late) and one started with {@code -javaagent}.</li>
 * </ol>
 *
 * <pre>
 * ./mvnw -q -DskipTests package
 * java -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.AttachBenchmark tracer-agent/target/smarttracer.jar
 * </pre>
 *
 * Targets and commands run on the JDK running this harness. Every process it starts is killed.
 */
public final class AttachBenchmark {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final String agentJar;
    private final String classPath = System.getProperty("java.class.path");

    private AttachBenchmark(String agentJar) {
        this.agentJar = agentJar;
    }

    /**
     * Runs the three measurements and prints their figures.
     *
     * @param args the path of smarttracer.jar, and optionally how many runs of the first measurement (default 5)
     * @throws Exception if a process fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AttachBenchmark <path of smarttracer.jar> [runs]");
            System.exit(2);
        }
        AttachBenchmark benchmark = new AttachBenchmark(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.println("JDK " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores");
        benchmark.timeToFirstEvent(runs);
        benchmark.pauses();
        benchmark.throughputAfterFirstAttach(false);
        benchmark.throughputAfterFirstAttach(true);
    }

    private void timeToFirstEvent(int runs) throws Exception {
        List<Long> cold = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (Proc target = startTarget(List.of(), "--interval-ms", "1")) {
                target.awaitLine("DemoService pid");
                cold.add(firstEventMillis(target.pid()));
            }
        }
        List<Long> warm = new ArrayList<>();
        try (Proc target = startTarget(List.of(), "--interval-ms", "1")) {
            target.awaitLine("DemoService pid");
            firstEventMillis(target.pid());
            for (int i = 0; i < runs; i++) {
                warm.add(firstEventMillis(target.pid()));
            }
        }
        System.out.println("time to first event, agent not loaded yet (ms): " + summary(cold));
        System.out.println("time to first event, agent already loaded (ms): " + summary(warm));
    }

    private long firstEventMillis(long pid) throws Exception {
        long start = System.nanoTime();
        try (Proc cli = command(pid, "com.acme.shop.Pricing#price", "1")) {
            cli.awaitLine("is being called with");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            cli.awaitExit();
            return millis;
        }
    }

    private void pauses() throws Exception {
        try (Proc target = startTarget(List.of(), "--interval-ms", "1", "--report-ms", "10")) {
            target.awaitLine("DemoService pid");
            collectWindows(target, 10_000);
            List<long[]> before = collectWindows(target, 5_000);
            long baseline = worst(before, 0, Long.MAX_VALUE);
            long[] first = traceAndTime(target.pid());
            List<long[]> duringFirst = collectWindows(target, 3_000);
            long[] second = traceAndTime(target.pid());
            List<long[]> duringSecond = collectWindows(target, 3_000);
            long installFirst = worst(duringFirst, first[0], first[1]);
            long detachFirst = worst(duringFirst, first[2], first[3] + 20);
            long installSecond = worst(duringSecond, second[0], second[1]);
            long detachSecond = worst(duringSecond, second[2], second[3] + 20);
            System.out.printf(Locale.ROOT, "worst order latency, 5 s before tracing (baseline): %.2f ms%n",
                    baseline / 1e6);
            print("first trace, install incl. loading the agent", installFirst, baseline);
            print("first trace, detach", detachFirst, baseline);
            print("second trace, install", installSecond, baseline);
            print("second trace, detach", detachSecond, baseline);
        }
    }

    /** Traces 20 calls and returns wall-clock millis: command start, first event, last event, summary. */
    private long[] traceAndTime(long pid) throws Exception {
        long start = System.currentTimeMillis();
        long first = 0;
        long last = 0;
        try (Proc cli = command(pid, "com.acme.shop.Pricing#discount", "20", "--local")) {
            for (String line; (line = cli.next()) != null; ) {
                if (line.contains("is being called with")) {
                    last = System.currentTimeMillis();
                    first = first == 0 ? last : first;
                } else if (line.startsWith("Limit reached")) {
                    return new long[] {start, first, last, System.currentTimeMillis()};
                }
            }
        }
        throw new IllegalStateException("the trace did not reach its limit");
    }

    private void throughputAfterFirstAttach(boolean agentAtStartup) throws Exception {
        List<String> jvmArgs = agentAtStartup ? List.of("-javaagent:" + agentJar) : List.of();
        try (Proc target = startTarget(jvmArgs, "--interval-ms", "0", "--report-ms", "1000")) {
            target.awaitLine("DemoService pid");
            collectWindows(target, 15_000);
            List<long[]> before = collectWindows(target, 5_000);
            long[] rates = before.stream().mapToLong(w -> w[1]).sorted().toArray();
            long median = rates[rates.length / 2];
            try (Proc cli = command(target.pid(), "com.acme.shop.Pricing#price", "1")) {
                cli.awaitExit();
            }
            List<long[]> after = collectWindows(target, 15_000);
            long worstWindow = after.stream().mapToLong(w -> w[1]).min().orElse(0);
            System.out.printf(Locale.ROOT, "throughput, target started %s: median %,d orders/s before, worst 1 s"
                    + " window after the first trace %,d orders/s = %.2f of the median%n",
                    agentAtStartup ? "with -javaagent" : "plain", median, worstWindow, (double) worstWindow / median);
        }
    }

    private static void print(String what, long worstNanos, long baselineNanos) {
        System.out.printf(Locale.ROOT, "worst order latency during %s: %.2f ms = %.1f x baseline%n", what,
                worstNanos / 1e6, (double) worstNanos / baselineNanos);
    }

    /** Reads window lines for a while: {epoch millis, orders, worst nanos}. */
    private static List<long[]> collectWindows(Proc target, long millis) throws Exception {
        List<long[]> windows = new ArrayList<>();
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            String line = target.poll(end - System.currentTimeMillis());
            if (line != null && line.startsWith("WINDOW ")) {
                String[] parts = line.split(" ");
                windows.add(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])});
            }
        }
        return windows;
    }

    /** Returns the worst latency of the windows that overlap [from, to] (window lines carry their end). */
    private static long worst(List<long[]> windows, long from, long to) {
        return windows.stream().filter(w -> w[0] >= from && w[0] - 10 <= to).mapToLong(w -> w[2]).max().orElse(0);
    }

    private static String summary(List<Long> millis) {
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        return "median " + sorted[sorted.length / 2] + ", min " + sorted[0] + ", max " + sorted[sorted.length - 1]
                + " (" + Arrays.toString(millis.stream().mapToLong(Long::longValue).toArray()) + ")";
    }

    private Proc startTarget(List<String> jvmArgs, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classPath, DemoService.class.getName()));
        command.addAll(List.of(args));
        return new Proc(command);
    }

    private Proc command(long pid, String pattern, String limit, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", agentJar, "trace", Long.toString(pid), pattern,
                limit, "--yes"));
        command.addAll(List.of(options));
        return new Proc(command);
    }

    /** A process whose standard output is read line by line; killed on close. */
    private static final class Proc implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private static final String END = "\u0000end";

        Proc(List<String> command) throws IOException {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // the process is gone
                } finally {
                    lines.add(END);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        long pid() {
            return process.pid();
        }

        String poll(long millis) throws InterruptedException {
            String line = lines.poll(Math.max(1, millis), TimeUnit.MILLISECONDS);
            return END.equals(line) ? null : line;
        }

        String next() throws InterruptedException {
            String line = lines.poll(60, TimeUnit.SECONDS);
            return line == null || END.equals(line) ? null : line;
        }

        void awaitLine(String text) throws InterruptedException {
            for (String line; (line = next()) != null; ) {
                if (line.contains(text)) {
                    return;
                }
            }
            throw new IllegalStateException("never printed " + text);
        }

        void awaitExit() throws InterruptedException {
            process.waitFor(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
