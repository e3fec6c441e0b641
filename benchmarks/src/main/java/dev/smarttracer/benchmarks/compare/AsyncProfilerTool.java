package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * async-profiler's method tracing: {@code jcmd <pid> JVMTI.agent_load libasyncProfiler.so
 * "start,trace=<class>.<method>,file=....jfr"}, stopped the same way with {@code stop}. The options
 * are quoted: jcmd's own parser would otherwise take {@code start,trace=...} for a named argument
 * and hand the library {@code start,trace} alone (which async-profiler 4.6 answers with a crash).
 */
final class AsyncProfilerTool implements Tool {

    private static final String TARGET = CLASS + "." + METHOD;

    private final Path library;
    private final String version;
    private final Path directory;
    private final RunLog log;
    private final AtomicInteger runs = new AtomicInteger();

    /**
     * @param library {@code linux-x64/libasyncProfiler.so} from the {@code tools.profiler:async-profiler} jar
     * @param version its version, for the tables
     * @param directory where the recordings go
     */
    AsyncProfilerTool(Path library, String version, Path directory, RunLog log) {
        this.library = library;
        this.version = version;
        this.directory = directory;
        this.log = log;
    }

    @Override
    public String name() {
        return "async-profiler " + version;
    }

    @Override
    public String traceCommand() {
        return "jcmd <pid> JVMTI.agent_load libasyncProfiler.so '\"start,trace=" + TARGET + ",file=....jfr\"'; stop";
    }

    @Override
    public String captures() {
        return "start time, duration, thread and stack of each call (jdk.MethodTrace in its JFR output); no"
                + " arguments, no return values, no exceptions";
    }

    @Override
    public Optional<String> unsupported(Jdk jdk) {
        return Optional.empty();
    }

    @Override
    public boolean hasCallBudget() {
        return false;
    }

    @Override
    public TraceRun trace(TargetJvm target, long limit) throws IOException, InterruptedException {
        Path file = directory.resolve("async-profiler-" + target.pid() + "-" + runs.incrementAndGet() + ".jfr");
        return new RecordingRun(
                () -> Jcmd.run(target, directory, log, "JVMTI.agent_load", library.toString(),
                        "\"start,trace=" + TARGET + ",file=" + file + "\""),
                () -> Jcmd.run(target, directory, log, "JVMTI.agent_load", library.toString(),
                        "\"stop,file=" + file + "\""),
                file);
    }
}
