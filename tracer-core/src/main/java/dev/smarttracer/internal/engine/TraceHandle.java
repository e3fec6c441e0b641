package dev.smarttracer.internal.engine;

import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceState;
import dev.smarttracer.internal.delivery.Lane;
import dev.smarttracer.internal.delivery.Limiter;
import dev.smarttracer.internal.delivery.Probe;
import dev.smarttracer.internal.delivery.TraceRun;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Trace} a caller holds: it reads the running trace's state and stops it through the
 * trace's one door ({@link TraceRun#stop}); it takes no part in delivering events.
 *
 * <p>Thread-safe.
 */
final class TraceHandle implements Trace {

    private static final Logger LOG = LoggerFactory.getLogger(TraceHandle.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final TraceRun run;
    private final TraceHandler handler;
    private final ClassLoadWatch watch;

    TraceHandle(TraceRun run, TraceHandler handler, ClassLoadWatch watch) {
        this.run = run;
        this.handler = handler;
        this.watch = watch;
    }

    /** Returns the trace's watch on classes that load, or {@code null} if its selection takes none. */
    ClassLoadWatch watch() {
        return watch;
    }

    /** Returns the running trace behind this handle. */
    TraceRun run() {
        return run;
    }

    @Override
    public long id() {
        return run.id();
    }

    @Override
    public TraceState state() {
        return run.limiter().isOpen() ? TraceState.ACTIVE : TraceState.FINISHED;
    }

    @Override
    public StopReason stopReason() {
        return run.limiter().reason();
    }

    @Override
    public long delivered() {
        return run.lane().delivered();
    }

    @Override
    public boolean awaitDetached(Duration timeout) throws InterruptedException {
        return run.detached().await(TraceRun.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean awaitCompleted(Duration timeout) throws InterruptedException {
        Lane lane = run.lane();
        if (Thread.currentThread() == lane.runner()) {
            throw new IllegalStateException("awaitCompleted cannot be called from this trace's own handler: the trace"
                    + " completes after the handler returns; wait from another thread");
        }
        long budget = Math.min(TraceRun.saturatedNanos(timeout), Long.MAX_VALUE / 4);
        long deadline = System.nanoTime() + budget;
        return run.detached().await(budget, TimeUnit.NANOSECONDS)
                && lane.completed().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * Returns the figures of what the handler received; once the stop notice is on its way, with
     * the events of its calls that did not reach the handler (lost on a traced thread, or waiting
     * behind a stuck handler) counted as lost.
     */
    @Override
    public TraceStats stats() {
        Lane lane = run.lane();
        TraceStats handled = lane.stats();
        if (!lane.stopQueued()) {
            return handled;
        }
        Limiter limiter = run.limiter();
        long expected = limiter.reservedCalls() * limiter.costPerCall();
        return handled.withLost(Math.max(0, expected - handled.calls() - handled.completed()));
    }

    @Override
    public void close() {
        run.stop(StopReason.STOPPED);
        if (Thread.currentThread() == run.lane().runner()) {
            return;
        }
        try {
            if (!awaitCompleted(CLOSE_WAIT)) {
                warnNotCompleted();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void warnNotCompleted() {
        Lane lane = run.lane();
        Thread stuck = lane.runner();
        if (!run.isDetached()) {
            LOG.warn("SmartTracer trace {}: close() gave up after {} s waiting for the detach", id(),
                    CLOSE_WAIT.toSeconds());
        } else if (stuck != null) {
            LOG.warn("SmartTracer trace {}: close() gave up after {} s: its handler {} is stuck in thread {} with {}"
                    + " events still waiting; the trace is detached, and the thread is left to the handler", id(),
                    CLOSE_WAIT.toSeconds(), handler.getClass().getName(), stuck.getName(), lane.waiting());
        } else {
            LOG.warn("SmartTracer trace {}: close() gave up after {} s waiting for its events to be handled", id(),
                    CLOSE_WAIT.toSeconds());
        }
    }

    @Override
    public String toString() {
        StopReason reason = run.limiter().reason();
        return "Trace[id=" + id() + ", state=" + state() + (reason == null ? "" : ", reason=" + reason)
                + ", delivered=" + delivered() + "/" + run.limiter().limit() + ", methods=" + run.probes().stream()
                        .map(Probe::displayName).toList() + "]";
    }
}
