package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SmartTracer's command-line tool, {@code java -jar smarttracer.jar trace <pid> <pattern> N --return},
 * run with the target's JDK.
 */
final class SmartTracerTool implements Tool {

    private static final String PATTERN = CLASS + "#" + METHOD;
    private static final Pattern CALL = Pattern.compile("is being called with:");
    // The summary after a trace: "Limit reached: 1000 calls; detached in 45 ms; ...", "Overloaded (...): ...".
    private static final Pattern SUMMARY = Pattern.compile("\\d+ calls; detached in");

    private final Path jar;
    private final Path directory;
    private final RunLog log;

    /**
     * @param jar {@code smarttracer.jar}
     * @param directory the working directory for its client
     */
    SmartTracerTool(Path jar, Path directory, RunLog log) {
        this.jar = jar;
        this.directory = directory;
        this.log = log;
    }

    @Override
    public String name() {
        return "SmartTracer";
    }

    @Override
    public String traceCommand() {
        return "smarttracer trace <pid> '" + PATTERN + "' N --return";
    }

    @Override
    public String recordCommand() {
        return "smarttracer trace <pid> '" + PATTERN + "' N --return --record";
    }

    @Override
    public String captures() {
        return "arguments and return values (snapshots), exceptions, thread, duration; no stacks";
    }

    @Override
    public Optional<String> unsupported(Jdk jdk) {
        return Optional.empty();
    }

    @Override
    public boolean hasCallBudget() {
        return true;
    }

    @Override
    public boolean records() {
        return true;
    }

    @Override
    public TraceRun trace(TargetJvm target, long limit) throws IOException {
        return run(target, limit, false);
    }

    @Override
    public TraceRun record(TargetJvm target, long limit) throws IOException {
        return run(target, limit, true);
    }

    private TraceRun run(TargetJvm target, long limit, boolean record) throws IOException {
        List<String> command = new ArrayList<>(List.of(target.jdk().java().toString(), "-jar", jar.toString(), "trace",
                Long.toString(target.pid()), PATTERN, Long.toString(limit), "--return"));
        if (record) {
            command.add("--record");
        }
        if (target.jdk().feature() < 23) {
            // Before JDK 23 the tool asks before an agent load that discards compiled code (JDK-8324241).
            command.add("--yes");
        }
        return new ClientRun(command, directory, "smarttracer", CALL, SUMMARY, log);
    }
}
