package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Runs the side-by-side comparison and writes its tables to {@code results.md} in the run's
 * folder, next to {@code run.log}. {@code benchmarks/compare/compare.sh} fetches the other tools
 * and passes their paths; see BENCHMARKS.md for what is measured.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.compare.Comparison \
 *      --out DIR [--jdk JDK_HOME]... [--tools smarttracer,arthas,jfr,async-profiler] \
 *      [--smarttracer-jar PATH] [--arthas-home DIR --arthas-version V] \
 *      [--async-profiler-lib PATH --async-profiler-version V] [--quick] \
 *      [--rate CALLS_PER_S_PER_THREAD] [--threads N] [--warmup S] [--window S] [--settle S] [--trials N] \
 *      [--limit N] [--exactness first|all]
 * </pre>
 *
 * <p>{@code --quick} shortens the warm-up, the windows and the trials (8 s, 3 s, 5) for a check
 * that everything runs; the exactness trials run on the first {@code --jdk} unless {@code
 * --exactness all}, and not at all with {@code --trials 0}.
 */
public final class Comparison {

    private static final List<String> ALL_TOOLS = List.of("smarttracer", "arthas", "jfr", "async-profiler");

    private Comparison() {
    }

    /**
     * Runs the comparison.
     *
     * @param args see the class documentation
     */
    public static void main(String[] args) throws Exception {
        Map<String, List<String>> options = parse(args);
        boolean quick = options.containsKey("--quick");
        Path out = Path.of(single(options, "--out", "benchmarks/compare/work/runs/"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath();
        Files.createDirectories(out.resolve("home"));
        Settings settings = new Settings(ownJar(),
                Long.parseLong(single(options, "--rate", "50000")),
                Integer.parseInt(single(options, "--threads", "2")),
                Double.parseDouble(single(options, "--warmup", quick ? "8" : "20")),
                Double.parseDouble(single(options, "--window", quick ? "3" : "10")),
                Double.parseDouble(single(options, "--settle", quick ? "2" : "5")),
                Integer.parseInt(single(options, "--trials", quick ? "5" : "20")),
                Long.parseLong(single(options, "--limit", "1000")));
        List<Jdk> jdks = new ArrayList<>();
        for (String home : options.getOrDefault("--jdk",
                List.of("/usr/lib/jvm/temurin-25-jdk-amd64", "/usr/lib/jvm/java-17-openjdk-amd64"))) {
            jdks.add(Jdk.at(Path.of(home)));
        }
        List<String> wanted = List.of(single(options, "--tools", String.join(",", ALL_TOOLS)).split(","));

        try (RunLog log = new RunLog(out.resolve("run.log"))) {
            log.line("run folder " + out + "; " + settings);
            log.line("machine: " + Machine.describe());
            Map<String, Tool> tools = tools(options, wanted, out, log);
            ToolScenario scenario = new ToolScenario(settings, out.resolve("home"), log);
            ExactnessTrials trials = new ExactnessTrials(settings, out.resolve("home"), log);
            List<ScenarioResult> results = new ArrayList<>();
            Map<String, Map<Jdk, List<Long>>> exactness = new LinkedHashMap<>();
            long start = System.nanoTime();
            for (Jdk jdk : jdks) {
                for (Tool tool : tools.values()) {
                    Optional<String> unsupported = tool.unsupported(jdk);
                    if (unsupported.isPresent()) {
                        log.line(tool.name() + " skipped on " + jdk.label() + ": " + unsupported.get());
                        continue;
                    }
                    results.add(scenario.run(tool, jdk));
                }
            }
            boolean exactnessOnAll = single(options, "--exactness", "first").equals("all");
            for (Jdk jdk : settings.trials() == 0 ? List.<Jdk>of() : exactnessOnAll ? jdks : jdks.subList(0, 1)) {
                for (Tool tool : tools.values()) {
                    if (tool.hasCallBudget() && tool.unsupported(jdk).isEmpty()) {
                        exactness.computeIfAbsent(tool.name(), k -> new LinkedHashMap<>()).put(jdk, trials.run(tool,
                                jdk));
                    }
                }
            }
            String tables = "Run of " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    + String.format(" in %.1f min; ", (System.nanoTime() - start) / 6e10) + "machine: "
                    + Machine.describe() + "; " + settings + "\n"
                    + new ResultTables(results, exactness, tools, settings).render();
            Files.writeString(out.resolve("results.md"), tables);
            log.line("tables written to " + out.resolve("results.md"));
            System.out.println(tables);
        }
    }

    private static Map<String, Tool> tools(Map<String, List<String>> options, List<String> wanted, Path out,
            RunLog log) throws IOException, InterruptedException {
        Map<String, Tool> tools = new LinkedHashMap<>();
        for (String name : wanted) {
            Tool tool = switch (name.strip()) {
                case "smarttracer" -> smartTracer(options, out, log);
                case "arthas" -> new ArthasTool(Path.of(required(options, "--arthas-home")).toAbsolutePath(),
                        single(options, "--arthas-version", "?"), out.resolve("home"), log);
                case "jfr" -> new FlightRecorderTool(out, log);
                case "async-profiler" -> new AsyncProfilerTool(
                        Path.of(required(options, "--async-profiler-lib")).toAbsolutePath(),
                        single(options, "--async-profiler-version", "?"), out, log);
                default -> throw new IllegalArgumentException("unknown tool " + name + "; expected some of " + ALL_TOOLS);
            };
            if (tool != null) {
                tools.put(tool.name(), tool);
            }
        }
        return tools;
    }

    private static Tool smartTracer(Map<String, List<String>> options, Path out, RunLog log)
            throws IOException, InterruptedException {
        Path jar = Path.of(single(options, "--smarttracer-jar", "tracer-agent/target/smarttracer.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            log.line("SmartTracer skipped: no " + jar + " (build it, or pass --smarttracer-jar)");
            return null;
        }
        // The command-line tool must exist and answer before its figures mean anything.
        try (Child help = new Child(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar.toString(), "--help"), out, "smarttracer-help", line -> { })) {
            OptionalInt code = help.await(60, TimeUnit.SECONDS);
            if (code.isEmpty() || code.getAsInt() != 0) {
                log.line("SmartTracer skipped: java -jar " + jar + " --help did not succeed (" + code + ")");
                return null;
            }
        }
        log.line("SmartTracer: " + jar);
        return new SmartTracerTool(jar, out.resolve("home"), log);
    }

    private static Path ownJar() throws URISyntaxException {
        return Path.of(Comparison.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!key.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + key + "; options start with --");
            }
            if (key.equals("--quick")) {
                options.put(key, List.of());
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            options.computeIfAbsent(key, k -> new ArrayList<>()).add(args[++i]);
        }
        return options;
    }

    private static String single(Map<String, List<String>> options, String key, String fallback) {
        List<String> values = options.get(key);
        return values == null || values.isEmpty() ? fallback : values.get(values.size() - 1);
    }

    private static String required(Map<String, List<String>> options, String key) {
        String value = single(options, key, null);
        if (value == null) {
            throw new IllegalArgumentException(key + " is required for that tool (compare.sh passes it)");
        }
        return value;
    }
}
