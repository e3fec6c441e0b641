package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JDK Flight Recorder's method tracing (JDK 25, JEP 520): {@code jcmd <pid> JFR.start
 * method-trace=<class>::<method>} with the default settings (stack traces on), stopped with
 * {@code JFR.stop}, which writes the recording.
 */
final class FlightRecorderTool implements Tool {

    private static final String FILTER = CLASS + "::" + METHOD;

    private final Path directory;
    private final RunLog log;
    private final AtomicInteger runs = new AtomicInteger();

    /** @param directory where the recordings go */
    FlightRecorderTool(Path directory, RunLog log) {
        this.directory = directory;
        this.log = log;
    }

    @Override
    public String name() {
        return "JFR method tracing";
    }

    @Override
    public String traceCommand() {
        return "jcmd <pid> JFR.start method-trace=" + FILTER + " filename=... ; JFR.stop";
    }

    @Override
    public String captures() {
        return "start time, duration, thread and stack of each call (jdk.MethodTrace); no arguments, no return"
                + " values, no exceptions (a call that ends by a callee's exception is not recorded)";
    }

    @Override
    public Optional<String> unsupported(Jdk jdk) {
        return jdk.feature() >= 25 ? Optional.empty() : Optional.of("jdk.MethodTrace needs JDK 25 (JEP 520)");
    }

    @Override
    public boolean hasCallBudget() {
        return false;
    }

    @Override
    public TraceRun trace(TargetJvm target, long limit) throws IOException, InterruptedException {
        int n = runs.incrementAndGet();
        String name = "compare-" + n;
        Path file = directory.resolve("jfr-" + target.pid() + "-" + n + ".jfr");
        return new RecordingRun(
                () -> Jcmd.run(target, directory, log, "JFR.start", "name=" + name, "method-trace=" + FILTER,
                        "filename=" + file),
                () -> Jcmd.run(target, directory, log, "JFR.stop", "name=" + name),
                file);
    }
}
