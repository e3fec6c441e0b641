package dev.smarttracer.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where the first trace's time goes in a JVM started without an agent, measured from outside
 * tracer-core: one fresh {@link FirstTraceProbe} JVM per JDK, application state and attach
 * setting, which times the first {@code trace()} with the main thread's stack sampled every 5 ms
 * and filed by phase (the self-attach, over the attach socket or through Byte Buddy's attacher
 * JVM; building Byte Buddy's {@code AgentBuilder} where the engine uses one; the first
 * retransformation; bridge injection; method selection; ...), watches the processes it starts,
 * then, once that trace has detached, times a second {@code trace()} of the same method as the
 * cost of an install once everything is warm.
 *
 * <p>{@code --attach-first} calls {@code ByteBuddyAgent.install()} alone before the trace and
 * times it: for an engine that takes its instrumentation from Byte Buddy's installer (the engine
 * before it loaded its own agent); an engine that does not would attach a second time.
 *
 * <p>Application states: {@code idle} (the H2 application opened and used once, then left
 * alone for {@code --idle-wait} seconds) and {@code load} (two threads of MERGE/SELECT, warmed
 * {@code --warmup} seconds). Attach settings: {@code default}, and {@code self}
 * ({@code -Djdk.attach.allowAttachSelf=true}, with which Byte Buddy attaches from this JVM
 * instead of starting a second JVM, its {@code Attacher}, to do it).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.FirstTraceBreakdown \
 *     --java /usr/lib/jvm/java-17-openjdk-amd64 --java /usr/lib/jvm/temurin-25-jdk-amd64
 * </pre>
 */
public final class FirstTraceBreakdown {

    private static final String[] PHASES = {
        "self-attach_over_the_attach_socket", "self-attach,_waiting_for_the_attacher_JVM", "self-attach,_in_process",
        "agent_loading,_other", "building_the_AgentBuilder", "retransform,_Byte_Buddy's_transformer", "retransform,_the_JVM",
        "bridge_injection", "method_selection", "engine_set-up,_other", "dispatcher_start", "other_SmartTracer_work",
        "outside_SmartTracer"};

    private FirstTraceBreakdown() {
    }

    /**
     * Runs every combination and prints the tables.
     *
     * @param args {@code [--java JAVA_HOME]... [--apps idle,load] [--attach default,self]
     *     [--attach-first] [--runs 1] [--warmup 25] [--idle-wait 3]}
     * @throws Exception if a child JVM cannot be started
     */
    public static void main(String[] args) throws Exception {
        List<Path> javas = new ArrayList<>();
        List<String> apps = List.of("idle", "load");
        List<String> attaches = List.of("default");
        boolean attachFirst = false;
        int runs = 1;
        long warmup = 25;
        long idleWait = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--java" -> javas.add(javaBinary(Path.of(args[++i])));
                case "--apps" -> apps = List.of(args[++i].split(","));
                case "--attach" -> attaches = List.of(args[++i].split(","));
                case "--attach-first" -> attachFirst = true;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Long.parseLong(args[++i]);
                case "--idle-wait" -> idleWait = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; the options are --java,"
                        + " --apps idle,load, --attach default,self, --attach-first, --runs, --warmup, --idle-wait");
            }
        }
        if (javas.isEmpty()) {
            javas.add(javaBinary(Path.of(System.getProperty("java.home"))));
        }
        Map<String, ProbeResult> results = new LinkedHashMap<>();
        for (int round = 1; round <= runs; round++) {
            for (Path java : javas) {
                for (String app : apps) {
                    for (String attach : attaches) {
                        String key = java.getParent().getParent().getFileName() + " " + app + " " + attach + " #" + round;
                        runOne(java, app, attach, attachFirst, app.equals("idle") ? idleWait : warmup, key)
                                .ifPresentOrElse(result -> results.put(key, result),
                                        () -> System.err.println("no result from " + key));
                    }
                }
            }
        }
        print(System.out, results);
    }

    private static Optional<ProbeResult> runOne(Path java, String app, String attach, boolean attachFirst, long warmup,
            String label)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(List.of("-Xms1g", "-Xmx1g", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading"));
        if (attach.equals("self")) {
            command.add("-Djdk.attach.allowAttachSelf=true");
        }
        long after = 3;
        long deadline = warmup + after + 180;
        command.addAll(List.of("-cp", FirstTraceUnderLoad.ownJar().toString(), FirstTraceProbe.class.getName(),
                "--threads", app.equals("idle") ? "0" : "2", "--warmup", String.valueOf(warmup),
                "--after", String.valueOf(after), "--baseline", String.valueOf(Math.min(10, warmup)),
                "--profile", "--second-trace",
                "--parent", String.valueOf(ProcessHandle.current().pid()), "--deadline", String.valueOf(deadline)));
        if (attachFirst) {
            command.add("--attach-first");
        }
        System.err.println("[" + label + "] " + String.join(" ", command));
        try (ChildJvm child = new ChildJvm(command, label, System.err)) {
            return child.awaitLine(FirstTraceProbe.RESULT, deadline + 30, TimeUnit.SECONDS).map(ProbeResult::parse);
        }
    }

    private static void print(PrintStream out, Map<String, ProbeResult> results) {
        out.println();
        out.println("| JDK | app | attach | ByteBuddyAgent.install() ms (--attach-first) | processes started: lived, CPU ms"
                + " | classes loaded by install | first trace() ms | classes loaded by it | to first event ms"
                + " | second trace() ms | other load during trace(), cores |");
        out.println("|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, ProbeResult> e : results.entrySet()) {
            ProbeResult r = e.getValue();
            String[] key = e.getKey().split(" ");
            out.println(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    r.get("java"), key[1], key[2], r.get("attach_ms"), startedProcesses(r.get("child_processes")),
                    r.get("attach_classes"), r.get("trace_ms"), r.get("trace_classes"), r.get("first_event_ms"),
                    r.get("second_trace_ms"), r.get("other_cores_trace")));
        }
        out.println();
        out.println("The first trace() after the attach, by phase: trace() ms × the phase's share of the main thread's"
                + " stack samples (every 5 ms; under load the sampler gets fewer, so shares, not counts, are used):");
        out.println();
        StringBuilder header = new StringBuilder("| JDK | app | attach | trace() ms |");
        StringBuilder rule = new StringBuilder("|---|---|---|---:|");
        for (String phase : PHASES) {
            header.append(' ').append(phase.replace('_', ' ')).append(" |");
            rule.append("---:|");
        }
        out.println(header.append(" of which loading classes | samples |"));
        out.println(rule.append("---:|---:|"));
        for (Map.Entry<String, ProbeResult> e : results.entrySet()) {
            ProbeResult r = e.getValue();
            String[] key = e.getKey().split(" ");
            Map<String, Integer> profile = profile(r.get("trace_profile"));
            double period = r.number("trace_ms") / Math.max(1, profile.getOrDefault("total", 0));
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %s | %s |", r.get("java"),
                    key[1], key[2], r.get("trace_ms")));
            for (String phase : PHASES) {
                row.append(String.format(Locale.ROOT, " %.0f |", profile.getOrDefault(phase, 0) * period));
            }
            row.append(String.format(Locale.ROOT, " %.0f | %d |", profile.getOrDefault("class_loading", 0) * period,
                    profile.getOrDefault("total", 0)));
            out.println(row);
        }
        out.println();
        for (Map.Entry<String, ProbeResult> e : results.entrySet()) {
            out.println(e.getKey() + ": attach profile " + e.getValue().get("attach_profile") + "; unplaced "
                    + e.getValue().get("trace_unplaced"));
        }
    }

    private static String startedProcesses(String processes) {
        if (processes.equals("none") || processes.equals("-")) {
            return "none";
        }
        // pid123:seen_at_-363.9:lived_335.4:cpu_160.0, relative to the trace() call; the attach came first.
        StringBuilder out = new StringBuilder();
        for (String one : processes.split(";")) {
            String[] parts = one.split(":");
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(parts[2].replace("lived_", "lived ")).append(", CPU ").append(parts[3].replace("cpu_", ""));
        }
        return out.toString();
    }

    private static Map<String, Integer> profile(String summary) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (summary.equals("-")) {
            return counts;
        }
        for (String pair : summary.split(";")) {
            int colon = pair.lastIndexOf(':');
            counts.put(pair.substring(0, colon), Integer.parseInt(pair.substring(colon + 1)));
        }
        return counts;
    }

    private static Path javaBinary(Path home) throws IOException {
        Path java = Files.isDirectory(home) ? home.resolve("bin").resolve("java") : home;
        if (!Files.isExecutable(java)) {
            throw new IllegalArgumentException("no java executable at " + java + "; pass a JDK's home directory");
        }
        return java.toRealPath();
    }
}
