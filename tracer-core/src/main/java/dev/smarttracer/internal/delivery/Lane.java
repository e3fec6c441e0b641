package dev.smarttracer.internal.delivery;

import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import dev.smarttracer.recorder.internal.LatencyHistogram;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one trace's events to its handler, in order, on a worker thread of its own: whatever the
 * handler does (block, crawl, throw), no other trace waits for it, and no detach either.
 *
 * <p>The dispatcher appends; the lane runs on a pooled worker only while it has something to do,
 * so an idle trace holds no thread. The stop notice is appended by the dispatcher after the
 * trace's last expected event, and the handler's {@link TraceHandler#stopped} runs when the lane
 * reaches it. Queue room goes back to the trace's limiter as events are handled.
 *
 * <p>Thread-safe: one producer (the dispatcher), one runner at a time.
 */
public final class Lane implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
    private static final Object STOP = new Object();
    private static final int BATCH = 256;
    private static final int RELEASE_BATCH = 64;

    private final long traceId;
    private final Limiter limiter;
    private final Consumer<StopReason> stop;
    private final TraceHandler handler;
    private final Executor workers;
    private final long lingerNanos;
    private final LaneQueue items = new LaneQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final CountDownLatch completed = new CountDownLatch(1);
    private final LatencyHistogram latency = new LatencyHistogram();
    private volatile Thread runner;
    private volatile Thread lingering;
    private volatile Trace stoppedTrace;
    private volatile boolean stopQueued;
    private volatile long delivered;
    // Dispatcher: what it appended.
    private long receivedCalls;
    private long receivedReturns;
    private long returns;
    private long exceptions;
    private boolean handlerFailed;
    private int unreleased;
    private long unreleasedBytes;

    /**
     * @param traceId the trace, for reports
     * @param limiter the trace's limiter, to which handled events give their room back
     * @param stop the trace's door back ({@link TraceRun#stop}), used when the handler throws
     * @param handler the handler
     * @param workers runs the handler
     * @param lingerNanos how long a worker waits for the next event before it goes back to the pool
     */
    public Lane(long traceId, Limiter limiter, Consumer<StopReason> stop, TraceHandler handler, Executor workers,
            long lingerNanos) {
        this.lingerNanos = lingerNanos;
        this.traceId = traceId;
        this.limiter = limiter;
        this.stop = stop;
        this.handler = handler;
        this.workers = workers;
    }

    /**
     * Appends an event, to be handed over at the next {@link #signal()}; dispatcher only.
     *
     * @param call the event
     * @param bytes the queue room in bytes it holds, given back once it is handled
     */
    public void add(Call call, long bytes) {
        items.add(call, bytes);
        // Counted once appended: an event lost before counts as lost at the trace's stop.
        if (call.type() == CallType.CALL) {
            receivedCalls++;
        } else {
            receivedReturns++;
        }
    }

    /** Returns how many CALL events were appended; dispatcher only. */
    public long receivedCalls() {
        return receivedCalls;
    }

    /** Returns how many RETURN and EXCEPTION events were appended; dispatcher only. */
    public long receivedReturns() {
        return receivedReturns;
    }

    /**
     * Appends the stop notice, after the trace's last expected event; dispatcher only.
     *
     * @param trace the trace as its handler's {@link TraceHandler#stopped} sees it
     */
    public void addStop(Trace trace) {
        stoppedTrace = trace;
        stopQueued = true;
        items.add(STOP, 0);
        signal();
    }

    /** Tells whether the stop notice has been appended: no event comes after it. */
    public boolean stopQueued() {
        return stopQueued;
    }

    /**
     * Wakes the worker lingering for more events, or schedules one, if events wait; the
     * dispatcher calls it once per batch it routed, not once per event.
     */
    public void signal() {
        if (items.isEmpty()) {
            return;
        }
        Thread lingering = this.lingering;
        if (lingering != null) {
            LockSupport.unpark(lingering);
        } else {
            schedule();
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                workers.execute(this);
            } catch (Throwable noThread) {
                // No worker could be started (out of native threads): the dispatcher retries.
                scheduled.set(false);
            }
        }
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        try {
            for (int handled = 0; handled < BATCH; handled++) {
                Object item = items.poll();
                if (item == null && lingerForMore()) {
                    item = items.poll();
                }
                if (item == null) {
                    break;
                }
                if (item == STOP) {
                    reportStop();
                } else {
                    handle((Call) item, items.polledBytes());
                }
            }
        } finally {
            // However the batch ended (an Error the handler's guard could not hold, say), the
            // room goes back and the lane can be scheduled again; the dispatcher signals it.
            releaseRoom();
            runner = null;
            scheduled.set(false);
        }
        if (!items.isEmpty()) {
            schedule();
        }
    }

    /**
     * Waits a moment for the next event before giving the worker back: while events flow, the
     * dispatcher then only unparks this thread instead of handing a task to the pool each time.
     *
     * @return whether an event may have arrived
     */
    private boolean lingerForMore() {
        releaseRoom();
        lingering = Thread.currentThread();
        try {
            // Checked after announcing the wait, so an event appended meanwhile is not missed.
            if (!items.isEmpty()) {
                return true;
            }
            LockSupport.parkNanos(this, lingerNanos);
            return !items.isEmpty();
        } finally {
            lingering = null;
        }
    }

    private void handle(Call call, long bytes) {
        unreleasedBytes += bytes;
        if (++unreleased >= RELEASE_BATCH) {
            releaseRoom();
        }
        if (handlerFailed) {
            return;
        }
        synchronized (latency) {
            switch (call.type()) {
                case CALL -> delivered++;
                case RETURN -> {
                    returns++;
                    latency.record(call.durationNanos());
                }
                case EXCEPTION -> {
                    exceptions++;
                    latency.record(call.durationNanos());
                }
            }
        }
        try {
            handler.handle(call);
        } catch (Throwable failure) {
            // The trace is stopped before anything is reported: reporting allocates, and after an
            // OutOfMemoryError it may fail too.
            handlerFailed = true;
            limiter.close(StopReason.HANDLER_FAILED);
            try {
                stop.accept(StopReason.HANDLER_FAILED);
                LOG.warn("SmartTracer trace {}: handler {} threw, so the trace is stopped (HANDLER_FAILED)",
                        traceId, handler.getClass().getName(), failure);
            } catch (Throwable cannotReport) {
                // The dispatcher sees the closed trace on its next round all the same.
            }
        }
    }

    private void releaseRoom() {
        if (unreleased > 0) {
            limiter.release(unreleased, unreleasedBytes);
            unreleased = 0;
            unreleasedBytes = 0;
        }
    }

    private void reportStop() {
        // Every event came before the notice: the trace gives back all its room before it completes.
        releaseRoom();
        try {
            if (!handlerFailed) {
                handler.stopped(stoppedTrace);
            }
        } catch (Throwable failure) {
            completed.countDown();
            try {
                LOG.warn("SmartTracer trace {}: handler {} threw in stopped()", traceId,
                        handler.getClass().getName(), failure);
            } catch (Throwable cannotReport) {
                // Out of memory: the trace has completed all the same.
            }
        } finally {
            completed.countDown();
        }
    }

    /**
     * Tells whether events (or the stop notice) wait with no worker to hand them over, none
     * lingering and none scheduled: the last {@link #signal()} found no worker to be had.
     */
    public boolean stranded() {
        return !items.isEmpty() && runner == null && lingering == null && !scheduled.get();
    }

    /** Tells whether nothing waits in the lane: its stop notice, if queued, has been taken. */
    public boolean drained() {
        return items.isEmpty();
    }

    /** Returns the thread running this trace's handler now, or {@code null} if none is. */
    public Thread runner() {
        return runner;
    }

    /** Returns how many events wait for the handler. */
    public int waiting() {
        // The stop notice is the last item, and counts as no event.
        int waiting = items.size();
        return stopQueued && completed.getCount() > 0 ? Math.max(0, waiting - 1) : waiting;
    }

    public CountDownLatch completed() {
        return completed;
    }

    public long delivered() {
        return delivered;
    }

    /** Returns the figures of what the handler received. */
    public TraceStats stats() {
        synchronized (latency) {
            return latency.toStats(delivered, returns, exceptions);
        }
    }
}
