package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A trace that writes {@code jdk.MethodTrace} events to a recording file in the target, started
 * and stopped by {@code jcmd} (JDK Flight Recorder, async-profiler): it has no call budget, and its
 * events are counted, and its first event timed, from the file once it is stopped.
 */
final class RecordingRun implements TraceRun {

    /** A jcmd step. */
    @FunctionalInterface
    interface Step {
        void run() throws IOException, InterruptedException;
    }

    private final Step stopStep;
    private final Path file;
    private final long started;
    private final Instant startedAt;
    private final long returned;
    private volatile long ended = -1;

    /** Runs the start step now, timing it. */
    RecordingRun(Step start, Step stop, Path file) throws IOException, InterruptedException {
        this.stopStep = stop;
        this.file = file;
        this.startedAt = Instant.now();
        this.started = System.nanoTime();
        start.run();
        this.returned = System.nanoTime();
    }

    @Override
    public long startedNanos() {
        return started;
    }

    @Override
    public long awaitStarted(long timeoutMillis) {
        return returned;
    }

    @Override
    public boolean awaitEnd(long timeoutMillis) {
        return false;
    }

    @Override
    public void stop() throws IOException, InterruptedException {
        if (ended < 0) {
            stopStep.run();
            ended = System.nanoTime();
        }
    }

    @Override
    public Outcome finish() throws IOException, InterruptedException {
        stop();
        MethodTraceFile events = MethodTraceFile.read(file);
        long first = events.first() == null ? -1
                : started + Duration.between(startedAt, events.first()).toNanos();
        return new Outcome(started, events.events(), first, ended,
                "stopped; " + events.events() + " jdk.MethodTrace events in " + file.getFileName());
    }
}
