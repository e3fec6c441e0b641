package dev.smarttracer.internal.delivery;

import dev.smarttracer.Ticker;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.StopReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running trace as the parts that run it see it: its limits, its clock, where its events go
 * (its recorder and its {@link Lane}), its probes, and whether it is detached.
 *
 * <p>Its events flow one way: traced threads reserve slots on its {@link Limiter} and queue
 * events; the {@link Dispatcher} routes them to its lane; the lane hands them to the handler.
 * Whatever goes wrong on the way comes back through one door, {@link #stop} or {@link #fail},
 * which closes the limiter in one atomic step and wakes the dispatcher: nothing upstream is
 * called back, and the dispatcher, seeing the closed limiter, detaches the trace.
 *
 * <p>Thread-safe.
 */
public final class TraceRun {

    private final long id;
    private final boolean returns;
    private final int stackDepth;
    private final Ticker ticker;
    private final Recorder recorder;
    private final Limiter limiter;
    private final CallFilter filter;
    private final Lane lane;
    private final Runnable wakeDispatcher;
    private final long startTicks;
    private final Instant startWall;
    private final CountDownLatch detached = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile Throwable failureCause;
    private volatile List<Probe> probes = List.of();
    private volatile long detachNanos = -1;

    /**
     * @param id the trace's id
     * @param limit calls to deliver
     * @param options its options (returns, ticker, limits)
     * @param handler receives its events, on a worker
     * @param recorder records its events before the handler sees them, or {@code null}
     * @param workers runs its handler
     * @param laneLingerNanos how long its handler's worker waits for the next event before it goes
     * @param wakeDispatcher wakes the dispatcher, which then sees a trace that closed or whose queue room
     *     became crowded (the limiter runs it)
     */
    public TraceRun(long id, int limit, TraceOptions options, TraceHandler handler, Recorder recorder, Executor workers,
            long laneLingerNanos, Runnable wakeDispatcher) {
        this(id, limit, options, null, null, handler, recorder, workers, laneLingerNanos, wakeDispatcher);
    }

    /**
     * A trace with a condition on its calls' live values, or a per-key limit keyed by them,
     * besides those of its options.
     *
     * @param live the condition, or {@code null}
     * @param liveKey the key of its per-key limit ({@link TraceOptions#perKey()} calls per key), or
     *     {@code null}
     * @see #TraceRun(long, int, TraceOptions, TraceHandler, Recorder, Executor, long, Runnable)
     */
    public TraceRun(long id, int limit, TraceOptions options, LiveCondition live, LiveKey liveKey, TraceHandler handler,
            Recorder recorder, Executor workers, long laneLingerNanos, Runnable wakeDispatcher) {
        this.id = id;
        this.returns = options.returns();
        this.stackDepth = options.stack();
        this.ticker = options.ticker();
        this.recorder = recorder;
        this.wakeDispatcher = wakeDispatcher;
        this.limiter = new Limiter(limit, returns ? 2 : 1, options.queueCapacity(), options.queueBytes(),
                options.timeout().map(TraceRun::saturatedNanos).orElse(0L),
                options.rate().map(TraceOptions.Rate::max).orElse(0),
                options.rate().map(rate -> saturatedNanos(rate.per())).orElse(0L), wakeDispatcher);
        this.filter = CallFilter.of(options, live, liveKey);
        this.lane = new Lane(id, limiter, this::stop, handler, workers, laneLingerNanos);
        this.startTicks = ticker.read();
        this.startWall = Instant.now();
    }

    // ---- the door back: any thread -------------------------------------------------------

    /**
     * Finishes the trace for a reason, if it is still active (see {@link Limiter#close}): no new
     * call is delivered from now on, and the dispatcher detaches it. The limiter is closed before
     * anything else runs, so a failure while waking the dispatcher (out of memory) cannot undo
     * it: the dispatcher sees the closed trace on its next round all the same.
     *
     * @return whether this call finished it
     */
    public boolean stop(StopReason why) {
        boolean changed = limiter.close(why);
        wakeDispatcher.run();
        return changed;
    }

    /**
     * Finishes the trace because something plugged into it failed on a calling thread; the
     * dispatcher logs the first such failure once. Logs and allocates nothing here.
     */
    public void fail(String what, Throwable cause) {
        if (failure.compareAndSet(null, what)) {
            failureCause = cause;
        }
        limiter.close(StopReason.FAILED);
    }

    /** Returns what failed on a calling thread, or {@code null}. */
    public String failure() {
        return failure.get();
    }

    public Throwable failureCause() {
        return failureCause;
    }

    // ---- what the parts read -------------------------------------------------------------

    public long id() {
        return id;
    }

    public Limiter limiter() {
        return limiter;
    }

    /** Returns which calls count, or {@code null} when every call does. */
    public CallFilter filter() {
        return filter;
    }

    public Ticker ticker() {
        return ticker;
    }

    public boolean returns() {
        return returns;
    }

    /** Returns how many caller frames each CALL carries; 0 for none. */
    public int stackDepth() {
        return stackDepth;
    }

    /** Returns the recorder the dispatcher records to before the handler sees an event, or {@code null}. */
    public Recorder recorder() {
        return recorder;
    }

    public Lane lane() {
        return lane;
    }

    /** Returns the wall-clock time of a reading of the trace's ticker. */
    public Instant wallTime(long ticks) {
        return startWall.plusNanos(ticks - startTicks);
    }

    // ---- its life: the installer ---------------------------------------------------------

    public void attach(List<Probe> selected) {
        probes = List.copyOf(selected);
    }

    /**
     * Adds the probe of a method whose class loaded while the trace runs; called by the class's
     * loading thread under the probe table's lock, which the detach takes before reading
     * {@link #probes()}.
     */
    public void attachLoaded(Probe probe) {
        List<Probe> grown = new java.util.ArrayList<>(probes);
        grown.add(probe);
        probes = List.copyOf(grown);
    }

    public List<Probe> probes() {
        return probes;
    }

    /** Starts the time limit and rate window; called as the gates open. */
    public void start() {
        limiter.start(ticker.read());
    }

    /**
     * Marks the trace detached: its gates closed and its classes restored unless another trace
     * needs them.
     *
     * @param finishSeenNanos when the dispatcher saw it finish ({@link System#nanoTime()})
     */
    public void markDetached(long finishSeenNanos) {
        detachNanos = Math.max(0, System.nanoTime() - finishSeenNanos);
        detached.countDown();
    }

    /** Returns the time from the dispatcher seeing the trace finish to its detach, or -1 before. */
    public long detachNanos() {
        return detachNanos;
    }

    public boolean isDetached() {
        return detached.getCount() == 0;
    }

    public CountDownLatch detached() {
        return detached;
    }

    public static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
