package dev.smarttracer.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * The first trace in a warm, loaded application: how long {@code trace()} takes, how long until
 * its first event, and what it does to the application's throughput. One fresh JVM (a
 * {@link FirstTraceProbe}) per configuration and run: each JDK given, started plain (the first
 * trace self-attaches) and with the agent at start-up ({@code -javaagent}).
 *
 * <p>The application is an embedded in-memory H2 database under a MERGE/SELECT loop on
 * {@code --threads} threads (default 2), warmed for {@code --warmup} seconds (default 25); then
 * its main thread traces {@code StockRepository.restock}, the method on the load path, for 5 calls.
 * Reported per configuration: the {@code trace()} call's duration; the time from the call to the
 * first event reaching the handler; the baseline throughput (mean of the last
 * {@code --baseline} seconds, default 10, before the call); throughput in each second of the
 * {@code --after} seconds (default 15) after the call; the worst one-second window after the
 * call (sliding, 100 ms steps) as a ratio of the baseline; the seconds from the call until a
 * full second runs at 90 % of the baseline again after that worst window; and how many cores
 * other processes kept busy meanwhile; and whether the JVM was attached to (HotSpot's attach
 * socket exists: with an agent at start-up it should not). A readable table goes to standard out, then one
 * {@code first-trace-under-load {...}} JSON line per run; the JVMs' own output goes to standard
 * error.
 *
 * <p>Every child JVM gets {@code -Xms1g -Xmx1g -XX:+IgnoreUnrecognizedVMOptions
 * -XX:+EnableDynamicAgentLoading} in both modes (the last keeps JDK 21+ from warning about the
 * self-attach, and is ignored by JDK 17), plus any {@code --jvm-arg}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.FirstTraceUnderLoad \
 *     --java /usr/lib/jvm/java-17-openjdk-amd64 --java /usr/lib/jvm/temurin-25-jdk-amd64 \
 *     --agent-jar tracer-agent/target/tracer-agent-0.1.0-SNAPSHOT.jar
 * </pre>
 *
 * <p>The agent jar is loaded with {@code -javaagent}; the child's class path (this jar) carries
 * tracer-core and Byte Buddy, so an agent jar that needs them (today's) and a self-contained one
 * both work.
 */
public final class FirstTraceUnderLoad {

    private static final String JSON_PREFIX = "first-trace-under-load ";

    private FirstTraceUnderLoad() {
    }

    /**
     * Runs every configuration and prints the table and the JSON lines.
     *
     * @param args see the class description; {@code --help} lists them
     * @throws Exception if a child JVM cannot be started
     */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException badOption) {
            System.err.println(badOption.getMessage());
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        List<Run> runs = new ArrayList<>();
        boolean failed = false;
        for (int round = 1; round <= options.runs; round++) {
            for (Path java : options.javas) {
                for (String mode : options.modes) {
                    Optional<ProbeResult> result = runOne(options, java, mode, round);
                    if (result.isEmpty()) {
                        failed = true;
                        System.err.println("no result from " + java + " " + mode + " (round " + round + ")");
                        continue;
                    }
                    runs.add(new Run(java, mode, options.agentJar, round, result.get()));
                }
            }
        }
        printTable(out, options, runs);
        for (Run run : runs) {
            out.println(JSON_PREFIX + json(run));
        }
        if (failed) {
            System.exit(1);
        }
    }

    private static Optional<ProbeResult> runOne(Options options, Path java, String mode, int round)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(List.of("-Xms1g", "-Xmx1g", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading"));
        command.addAll(options.jvmArgs);
        if (mode.equals("agent")) {
            command.add("-javaagent:" + options.agentJar);
        }
        long deadline = options.warmup + options.after + 120;
        command.addAll(List.of("-cp", ownJar().toString(), FirstTraceProbe.class.getName(),
                "--threads", String.valueOf(options.threads), "--warmup", String.valueOf(options.warmup),
                "--after", String.valueOf(options.after), "--baseline", String.valueOf(options.baseline),
                "--parent", String.valueOf(ProcessHandle.current().pid()), "--deadline", String.valueOf(deadline)));
        String label = java.getParent().getParent().getFileName() + " " + mode + " #" + round;
        System.err.println("[" + label + "] " + String.join(" ", command));
        try (ChildJvm child = new ChildJvm(command, label, System.err)) {
            return child.awaitLine(FirstTraceProbe.RESULT, deadline + 30, TimeUnit.SECONDS).map(ProbeResult::parse);
        }
    }

    private static void printTable(PrintStream out, Options options, List<Run> runs) {
        out.println();
        out.println(String.format(Locale.ROOT, "First trace under load: H2 MERGE/SELECT on %d threads, warmed %d s,"
                + " baseline = mean of the last %d s before trace(); %d cores", options.threads, options.warmup,
                options.baseline, Runtime.getRuntime().availableProcessors()));
        out.println();
        out.println("| JDK | start | run | attached to itself | trace() ms | to first event ms | baseline ops/s | worst 1 s / baseline"
                + " | worst at s | back to 90 % after s | JIT ms in the " + options.after + " s after"
                + " | other load, cores (before / after) |");
        out.println("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Run run : runs) {
            ProbeResult r = run.result;
            out.println(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %,.0f | %s | %s | %s | %s | %s / %s |",
                    r.get("java"), run.mode.equals("agent") ? "-javaagent" : "plain", run.round,
                    r.get("attach_listener").equals("true") ? "yes" : "no", r.get("trace_ms"),
                    r.get("first_event_ms"), r.number("baseline_ops"), r.get("worst_window_ratio"),
                    r.get("worst_window_at_s"), r.get("recovered_90_s"), r.get("jit_ms_after"),
                    r.get("other_cores_baseline"), r.get("other_cores_after")));
        }
        out.println();
        out.println("Throughput in each second after the trace() call, as a ratio of the baseline:");
        out.println();
        StringJoiner header = new StringJoiner(" | ", "| JDK | start | run | ", " |");
        for (int s = 0; s < options.after; s++) {
            header.add(s + "–" + (s + 1));
        }
        out.println(header);
        out.println("|---|---|---:|" + "---:|".repeat((int) options.after));
        for (Run run : runs) {
            double baseline = run.result.number("baseline_ops");
            StringJoiner row = new StringJoiner(" | ", "| ", " |");
            row.add(run.result.get("java")).add(run.mode.equals("agent") ? "-javaagent" : "plain")
                    .add(String.valueOf(run.round));
            for (double ops : run.result.numbers("per_second_ops")) {
                row.add(String.format(Locale.ROOT, "%.2f", ops / baseline));
            }
            out.println(row);
        }
        out.println();
    }

    private static String json(Run run) {
        StringJoiner json = new StringJoiner(",", "{", "}");
        json.add("\"mode\":\"" + run.mode + "\"").add("\"round\":" + run.round)
                .add("\"java_home\":\"" + run.java.getParent().getParent() + "\"");
        if (run.mode.equals("agent")) {
            json.add("\"agent_jar\":\"" + run.agentJar + "\"");
        }
        run.result.values().forEach((key, value) -> {
            boolean list = key.equals("per_second_ops");
            boolean numeric = !list && value.matches("-?[0-9]+(\\.[0-9]+)?");
            boolean bool = value.equals("true") || value.equals("false");
            String rendered = list ? "[" + value + "]" : numeric || bool ? value
                    : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            json.add("\"" + key + "\":" + rendered);
        });
        return json.toString();
    }

    static Path ownJar() {
        try {
            return Path.of(FirstTraceUnderLoad.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the benchmarks jar", e);
        }
    }

    /** One configuration's result. */
    private record Run(Path java, String mode, Path agentJar, int round, ProbeResult result) {
    }

    /** The command-line options. */
    private record Options(List<Path> javas, List<String> modes, Path agentJar, int threads, long warmup, long after,
            long baseline, int runs, List<String> jvmArgs) {

        static Options parse(String[] args) {
            List<Path> javas = new ArrayList<>();
            List<String> modes = List.of("plain", "agent");
            Path agentJar = Path.of("tracer-agent/target/tracer-agent-0.1.0-SNAPSHOT.jar");
            int threads = 2;
            long warmup = 25;
            long after = 15;
            long baseline = 10;
            int runs = 1;
            List<String> jvmArgs = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--java" -> javas.add(javaBinary(Path.of(args[++i])));
                    case "--modes" -> modes = List.of(args[++i].split(","));
                    case "--agent-jar" -> agentJar = Path.of(args[++i]);
                    case "--threads" -> threads = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Long.parseLong(args[++i]);
                    case "--after" -> after = Long.parseLong(args[++i]);
                    case "--baseline" -> baseline = Long.parseLong(args[++i]);
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--jvm-arg" -> jvmArgs.add(args[++i]);
                    case "--help" -> {
                        System.out.println("options: [--java JAVA_HOME]... [--modes plain,agent]"
                                + " [--agent-jar PATH] [--threads 2] [--warmup 25] [--after 15] [--baseline 10]"
                                + " [--runs 1] [--jvm-arg ARG]...");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; try --help");
                }
            }
            if (javas.isEmpty()) {
                javas.add(javaBinary(Path.of(System.getProperty("java.home"))));
            }
            for (String mode : modes) {
                if (!mode.equals("plain") && !mode.equals("agent")) {
                    throw new IllegalArgumentException("unknown mode " + mode + "; the modes are plain and agent");
                }
            }
            if (modes.contains("agent") && !Files.isRegularFile(agentJar)) {
                throw new IllegalArgumentException("no agent jar at " + agentJar.toAbsolutePath() + "; build it"
                        + " (./mvnw -DskipTests package) or pass --agent-jar PATH, or --modes plain");
            }
            if (threads < 1 || baseline > warmup || after < 2 || runs < 1) {
                throw new IllegalArgumentException("need --threads >= 1, --baseline <= --warmup, --after >= 2 and"
                        + " --runs >= 1");
            }
            return new Options(List.copyOf(javas), modes, agentJar.toAbsolutePath(), threads, warmup, after, baseline,
                    runs, List.copyOf(jvmArgs));
        }

        private static Path javaBinary(Path home) {
            Path java = Files.isDirectory(home) ? home.resolve("bin").resolve("java") : home;
            if (!Files.isExecutable(java)) {
                throw new IllegalArgumentException("no java executable at " + java + "; pass a JDK's home directory");
            }
            try {
                return java.toRealPath();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot resolve " + java + ": " + e, e);
            }
        }
    }
}
