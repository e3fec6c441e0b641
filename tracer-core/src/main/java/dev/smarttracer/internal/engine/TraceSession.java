package dev.smarttracer.internal.engine;

import dev.smarttracer.Ticker;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.TraceState;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trace, and the owner of its life: ACTIVE while its {@link Limiter} is open; FINISHED, with
 * a reason, once it closed; then detached (its probes gone, its classes restored unless another
 * trace needs them) and completed (its handler has every event and its stop notice).
 *
 * <p>Who moves it along: any thread closes it, in one atomic step on its limiter; the
 * {@link Dispatcher}, which polls every live trace, asks for the detach and appends the stop
 * notice once the events it waits for are in; a worker runs the detach ({@link ProbeInstaller})
 * and another the handler ({@link Lane}). So nothing a calling thread or a handler does can keep
 * a finished trace instrumented.
 *
 * <p>Thread-safe. Fields marked "dispatcher" are touched by the dispatcher thread only.
 */
final class TraceSession implements Trace {

    private static final Logger LOG = LoggerFactory.getLogger(TraceSession.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final long id;
    private final boolean returns;
    private final Ticker ticker;
    private final TraceHandler handler;
    private final Recorder recorder;
    private final Limiter limiter;
    private final Lane lane;
    private final Dispatcher dispatcher;
    private final long startTicks;
    private final Instant startWall;
    private final CountDownLatch detached = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile Throwable failureCause;
    private volatile List<Probe> probes = List.of();
    private volatile long detachNanos = -1;

    // Dispatcher.
    long routedCalls;
    long routedReturns;
    boolean detachRequested;
    volatile boolean stopSent;
    boolean failureLogged;
    long finishSeenNanos;

    TraceSession(long id, int limit, TraceOptions options, TraceHandler handler, Recorder recorder,
            Dispatcher dispatcher, Executor workers) {
        this.id = id;
        this.returns = options.returns();
        this.ticker = options.ticker();
        this.handler = handler;
        this.recorder = recorder;
        this.dispatcher = dispatcher;
        this.limiter = new Limiter(limit, returns ? 2 : 1, options.queueCapacity(),
                options.timeout().map(TraceSession::saturatedNanos).orElse(0L),
                options.rate().map(TraceOptions.Rate::max).orElse(0),
                options.rate().map(rate -> saturatedNanos(rate.per())).orElse(0L));
        this.lane = new Lane(this, handler, workers);
        this.startTicks = ticker.read();
        this.startWall = Instant.now();
    }

    // ---- any thread ----------------------------------------------------------------------

    /**
     * Finishes the trace for a reason, if it is still active (see {@link Limiter#close}): no new
     * call is delivered from now on, and the dispatcher detaches it.
     *
     * @return whether this call finished it
     */
    boolean finish(StopReason why) {
        boolean changed = limiter.close(why);
        wakeDispatcher();
        return changed;
    }

    /**
     * Finishes the trace because something plugged into it failed on a calling thread; the
     * dispatcher logs the first such failure once. Logs nothing on the calling thread.
     */
    void fail(String what, Throwable cause) {
        if (failure.compareAndSet(null, what)) {
            failureCause = cause;
        }
        limiter.close(StopReason.FAILED);
    }

    void wakeDispatcher() {
        dispatcher.wake();
    }

    Limiter limiter() {
        return limiter;
    }

    Ticker ticker() {
        return ticker;
    }

    boolean returns() {
        return returns;
    }

    Recorder recorder() {
        return recorder;
    }

    Lane lane() {
        return lane;
    }

    TraceHandler handler() {
        return handler;
    }

    void attach(List<Probe> selected) {
        probes = List.copyOf(selected);
    }

    List<Probe> probes() {
        return probes;
    }

    /** Starts the time limit and rate window; called as the gates open. */
    void start() {
        limiter.start(ticker.read());
    }

    void markDetached() {
        // finishSeenNanos was written by the dispatcher before it handed the detach to this worker.
        detachNanos = Math.max(0, System.nanoTime() - finishSeenNanos);
        detached.countDown();
    }

    /** Returns the time from the dispatcher seeing the trace finish to its detach, or -1 before. */
    long detachNanos() {
        return detachNanos;
    }

    boolean isDetached() {
        return detached.getCount() == 0;
    }

    // ---- dispatcher ----------------------------------------------------------------------

    /** Turns an event into its {@code Call}; dispatcher. */
    Call toCall(Event event) {
        Probe probe = event.probe;
        return new Call(id, event.callId, event.type, probe.className, probe.methodName, probe.descriptor,
                probe.arity, event.type == CallType.CALL ? Arrays.asList(event.args) : List.of(), event.returnValue,
                event.exception, event.threadName, event.threadId,
                startWall.plusNanos(event.ticks - startTicks), event.durationNanos);
    }

    /** Tells whether every event the trace's reserved calls will produce has been routed; dispatcher. */
    boolean allEventsRouted() {
        return routedCalls >= limiter.reservedCalls() && (!returns || routedReturns >= routedCalls);
    }

    /** Counts what will not reach the handler, as the stop notice is sent; dispatcher. */
    long countLostAtStop() {
        long lostCalls = Math.max(0, limiter.reservedCalls() - routedCalls);
        long lostReturns = returns ? lostCalls + Math.max(0, routedCalls - routedReturns) : 0;
        return lostCalls + lostReturns;
    }

    /** Logs, once, why the trace failed on a calling thread; dispatcher. */
    void logFailureOnce() {
        String what = failure.get();
        if (what != null && !failureLogged) {
            failureLogged = true;
            try {
                LOG.warn("SmartTracer trace {} stopped (FAILED): {}", id, what, failureCause);
            } catch (Throwable cannotReport) {
                // Out of memory: the trace is closed and detached all the same.
            }
        }
    }

    // ---- Trace ---------------------------------------------------------------------------

    @Override
    public long id() {
        return id;
    }

    @Override
    public TraceState state() {
        return limiter.isOpen() ? TraceState.ACTIVE : TraceState.FINISHED;
    }

    @Override
    public StopReason stopReason() {
        return limiter.reason();
    }

    @Override
    public long delivered() {
        return lane.delivered();
    }

    @Override
    public boolean awaitDetached(Duration timeout) throws InterruptedException {
        return detached.await(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean awaitCompleted(Duration timeout) throws InterruptedException {
        if (Thread.currentThread() == lane.runner()) {
            throw new IllegalStateException("awaitCompleted cannot be called from this trace's own handler: the trace"
                    + " completes after the handler returns; wait from another thread");
        }
        long budget = Math.min(saturatedNanos(timeout), Long.MAX_VALUE / 4);
        long deadline = System.nanoTime() + budget;
        return detached.await(budget, TimeUnit.NANOSECONDS)
                && lane.completed().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * Returns the figures of what the handler received; once the trace has completed, with the
     * events of its calls that did not reach the handler (lost on a traced thread, or waiting
     * behind a stuck handler) counted as lost.
     */
    @Override
    public TraceStats stats() {
        TraceStats handled = lane.stats();
        if (!stopSent) {
            return handled;
        }
        long expected = limiter.reservedCalls() * limiter.costPerCall();
        return handled.withLost(Math.max(0, expected - handled.calls() - handled.completed()));
    }

    @Override
    public void close() {
        finish(StopReason.STOPPED);
        if (Thread.currentThread() == lane.runner()) {
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
        Thread stuck = lane.runner();
        if (!isDetached()) {
            LOG.warn("SmartTracer trace {}: close() gave up after {} s waiting for the detach", id,
                    CLOSE_WAIT.toSeconds());
        } else if (stuck != null) {
            LOG.warn("SmartTracer trace {}: close() gave up after {} s: its handler {} is stuck in thread {} with {}"
                    + " events still waiting; the trace is detached, and the thread is left to the handler", id,
                    CLOSE_WAIT.toSeconds(), handler.getClass().getName(), stuck.getName(), lane.waiting());
        } else {
            LOG.warn("SmartTracer trace {}: close() gave up after {} s waiting for its events to be handled", id,
                    CLOSE_WAIT.toSeconds());
        }
    }

    @Override
    public String toString() {
        StopReason reason = limiter.reason();
        return "Trace[id=" + id + ", state=" + state() + (reason == null ? "" : ", reason=" + reason)
                + ", delivered=" + delivered() + "/" + limiter.limit() + ", methods=" + probes.stream()
                        .map(p -> p.target.displayName()).toList() + "]";
    }

    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
