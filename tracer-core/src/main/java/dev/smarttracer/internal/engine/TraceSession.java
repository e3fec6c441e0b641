package dev.smarttracer.internal.engine;

import dev.smarttracer.StopReason;
import dev.smarttracer.Ticker;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.TraceState;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.TraceStats;
import dev.smarttracer.recorder.internal.LatencyHistogram;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One trace: its limits, the slots it has handed out, and what the dispatcher delivered.
 *
 * <p>The calling-thread side ({@link #reserve}, {@link #offer}) is lock-free. The slot count and
 * the finished flag share one atomic long, so the slot that reaches the limit also closes the
 * trace in the same CAS: no thread can take slot N+1. The dispatcher side ({@link #dispatch}) runs
 * on the dispatcher thread only. Everything else is thread-safe.
 */
final class TraceSession implements Trace {

    private static final long FINISHED = Long.MIN_VALUE;
    private static final long RETURN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int RELEASE_BATCH = 64;

    private final long id;
    private final int limit;
    private final boolean returns;
    private final TraceHandler handler;
    private final Ticker ticker;
    private final boolean hasDeadline;
    private final long deadline;
    private final RateWindow rate;
    private final int capacity;
    private final int costPerCall;
    private final long startTicks;
    private final Instant startWall;
    private final TraceEngine engine;
    private final Dispatcher dispatcher;
    private final Recorder recorder;
    private volatile List<Probe> probes = List.of();

    private final AtomicLong control = new AtomicLong();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicReference<StopReason> reason = new AtomicReference<>();
    private final CountDownLatch detached = new CountDownLatch(1);
    private final CountDownLatch completed = new CountDownLatch(1);

    // Written by the dispatcher thread only.
    private volatile long delivered;
    private int unreleased;
    private boolean owesRoom;
    private long finishedAtNanos;
    private boolean finishSeen;
    private boolean handlerFailed;
    private final LatencyHistogram latency = new LatencyHistogram();
    private long returnsSeen;
    private long exceptionsSeen;

    TraceSession(long id, int limit, TraceOptions options, TraceHandler handler, Recorder recorder,
            TraceEngine engine, Dispatcher dispatcher) {
        this.id = id;
        this.dispatcher = dispatcher;
        this.recorder = recorder;
        this.limit = limit;
        this.returns = options.returns();
        this.handler = handler;
        this.ticker = options.ticker();
        this.capacity = options.queueCapacity();
        this.costPerCall = returns ? 2 : 1;
        this.engine = engine;
        this.startTicks = ticker.read();
        this.startWall = Instant.now();
        this.hasDeadline = options.timeout().isPresent();
        // Capped so that deadline arithmetic never overflows: a century is no limit at all.
        this.deadline = hasDeadline ? startTicks + Math.min(saturatedNanos(options.timeout().get()), Long.MAX_VALUE / 4) : 0;
        this.rate = options.ratePer()
                .map(per -> new RateWindow(options.rateMax(), saturatedNanos(per), startTicks))
                .orElse(null);
    }

    // ---- calling-thread side -------------------------------------------------------------

    boolean isOpen() {
        return control.get() >= 0;
    }

    /**
     * Reserves the next call slot for a call starting at {@code now}.
     *
     * @return the call id (1..limit), or 0 if the call is not delivered
     */
    long reserve(long now) {
        long current = control.get();
        if (current < 0) {
            return 0;
        }
        if (hasDeadline && now - deadline >= 0) {
            finish(StopReason.TIMEOUT);
            return 0;
        }
        if (rate != null && !rate.tryAcquire(now)) {
            finish(StopReason.RATE_EXCEEDED);
            return 0;
        }
        if (queued.addAndGet(costPerCall) > capacity) {
            queued.addAndGet(-costPerCall);
            finish(StopReason.OVERLOAD);
            return 0;
        }
        for (;;) {
            if (current < 0) {
                queued.addAndGet(-costPerCall);
                return 0;
            }
            long next = current + 1;
            boolean last = next >= limit;
            if (control.compareAndSet(current, last ? next | FINISHED : next)) {
                if (last) {
                    finish(StopReason.LIMIT_REACHED);
                }
                return next;
            }
            current = control.get();
        }
    }

    /** Hands an event to the dispatcher; its room was reserved with its call's slot. */
    void offer(Event event) {
        dispatcher.offer(event);
    }

    /** Accounts for a reserved call whose event could not be produced. */
    void lose() {
        lost.incrementAndGet();
        queued.addAndGet(-costPerCall);
    }

    boolean returns() {
        return returns;
    }

    Ticker ticker() {
        return ticker;
    }

    // ---- lifecycle -----------------------------------------------------------------------

    /**
     * Finishes the trace for a reason, if it is still active: no new call is delivered from now
     * on, and the dispatcher is asked to detach it.
     *
     * @return whether this call finished it
     */
    boolean finish(StopReason why) {
        if (!reason.compareAndSet(null, why)) {
            return false;
        }
        long current;
        do {
            current = control.get();
        } while (current >= 0 && !control.compareAndSet(current, current | FINISHED));
        dispatcher.finished(this);
        return true;
    }

    void attach(List<Probe> selected) {
        probes = List.copyOf(selected);
    }

    List<Probe> probes() {
        return probes;
    }

    void markDetached() {
        detached.countDown();
    }

    boolean hasDeadline() {
        return hasDeadline;
    }

    /** Finishes with TIMEOUT if the deadline has passed; called by the dispatcher. */
    void checkDeadline() {
        if (hasDeadline && reason.get() == null && ticker.read() - deadline >= 0) {
            finish(StopReason.TIMEOUT);
        }
    }

    // ---- dispatcher side -----------------------------------------------------------------

    /**
     * Hands one event to the handler.
     *
     * @return whether the dispatcher must now remember to {@link #settleRoom()} this trace
     */
    boolean dispatch(Event event) {
        if (++unreleased >= RELEASE_BATCH) {
            releaseRoom();
        }
        boolean firstOwed = !owesRoom;
        owesRoom = true;
        Call call = toCall(event);
        if (recorder != null) {
            // Recorded before the handler runs, so a failing handler loses nothing recorded.
            recorder.record(call);
        }
        if (handlerFailed) {
            return firstOwed;
        }
        synchronized (latency) {
            switch (event.type) {
                case CALL -> delivered++;
                case RETURN -> {
                    returnsSeen++;
                    latency.record(event.durationNanos);
                }
                case EXCEPTION -> {
                    exceptionsSeen++;
                    latency.record(event.durationNanos);
                }
            }
        }
        try {
            handler.handle(call);
        } catch (Throwable failure) {
            handlerFailed = true;
            engine.handlerFailed(this, handler, failure);
            finish(StopReason.HANDLER_FAILED);
        }
        return firstOwed;
    }

    /**
     * Gives back the queue room of the events dispatched since the last release. Batched, so the
     * dispatcher does not write the counter the traced threads update on every event.
     */
    private void releaseRoom() {
        if (unreleased > 0) {
            queued.addAndGet(-unreleased);
            unreleased = 0;
        }
    }

    /** Gives back all room still held; the dispatcher calls it whenever its queue is empty. */
    void settleRoom() {
        releaseRoom();
        owesRoom = false;
    }

    /**
     * Tells whether every call this trace reserved has been handled, and its return too (unless
     * it is more than a second late), so {@link TraceHandler#stopped} may be called.
     */
    boolean readyToReportStop(long nowNanos) {
        if (!finishSeen) {
            finishSeen = true;
            finishedAtNanos = nowNanos;
        }
        if (handlerFailed) {
            return true;
        }
        long reserved = control.get() & ~FINISHED;
        boolean callsDone = delivered + lost.get() >= reserved;
        boolean returnsDone = !returns || returnsSeen + exceptionsSeen + lost.get() >= delivered;
        return (callsDone && returnsDone) || nowNanos - finishedAtNanos >= RETURN_GRACE_NANOS;
    }

    void reportStop() {
        if (recorder != null) {
            recorder.finish(id, reason.get().name());
        }
        try {
            if (!handlerFailed) {
                handler.stopped(this);
            }
        } catch (Throwable failure) {
            engine.handlerFailed(this, handler, failure);
        } finally {
            completed.countDown();
        }
    }

    private Call toCall(Event event) {
        Probe probe = event.probe;
        return new Call(id, event.callId, event.type, probe.className, probe.methodName, probe.descriptor,
                probe.arity, event.type == CallType.CALL ? Arrays.asList(event.args) : List.of(), event.returnValue,
                event.exception, event.threadName, event.threadId,
                startWall.plusNanos(event.ticks - startTicks), event.durationNanos);
    }

    // ---- Trace ---------------------------------------------------------------------------

    @Override
    public long id() {
        return id;
    }

    @Override
    public TraceState state() {
        return reason.get() == null ? TraceState.ACTIVE : TraceState.FINISHED;
    }

    @Override
    public StopReason stopReason() {
        return reason.get();
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public boolean awaitDetached(Duration timeout) throws InterruptedException {
        refuseOnDispatcher("awaitDetached");
        return detached.await(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }

    private void refuseOnDispatcher(String method) {
        // The dispatcher is the thread that detaches and completes traces: it would wait for itself.
        if (engine.isDispatcherThread()) {
            throw new IllegalStateException(method + " cannot be called from a handler (it runs on the dispatcher"
                    + " thread, which is the one that detaches traces); wait from another thread");
        }
    }

    @Override
    public boolean awaitCompleted(Duration timeout) throws InterruptedException {
        refuseOnDispatcher("awaitCompleted");
        long budget = Math.min(saturatedNanos(timeout), Long.MAX_VALUE / 4);
        long deadline = System.nanoTime() + budget;
        return detached.await(budget, TimeUnit.NANOSECONDS)
                && completed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public TraceStats stats() {
        synchronized (latency) {
            return latency.toStats(delivered, returnsSeen, exceptionsSeen);
        }
    }

    @Override
    public void close() {
        finish(StopReason.STOPPED);
        if (engine.isDispatcherThread()) {
            return;
        }
        try {
            awaitCompleted(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Trace[id=" + id + ", state=" + state() + (reason.get() == null ? "" : ", reason=" + reason.get())
                + ", delivered=" + delivered + "/" + limit + ", methods=" + probes.stream()
                        .map(p -> p.target.displayName()).toList() + "]";
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
