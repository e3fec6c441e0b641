package dev.smarttracer.internal.engine;

import dev.smarttracer.TraceHandler;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import dev.smarttracer.recorder.internal.LatencyHistogram;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
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
final class Lane implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
    private static final Object STOP = new Object();
    private static final int BATCH = 256;
    private static final int RELEASE_BATCH = 64;
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final TraceSession session;
    private final TraceHandler handler;
    private final Executor workers;
    private final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final CountDownLatch completed = new CountDownLatch(1);
    private final LatencyHistogram latency = new LatencyHistogram();
    private volatile Thread runner;
    private volatile Thread lingering;
    private volatile long delivered;
    private long returns;
    private long exceptions;
    private boolean handlerFailed;
    private int unreleased;

    Lane(TraceSession session, TraceHandler handler, Executor workers) {
        this.session = session;
        this.handler = handler;
        this.workers = workers;
    }

    /** Appends an event, to be handed over at the next {@link #signal()}; dispatcher only. */
    void add(Call call) {
        items.add(call);
    }

    /** Appends the stop notice, after the trace's last expected event; dispatcher only. */
    void addStop() {
        items.add(STOP);
        signal();
    }

    /**
     * Wakes the worker lingering for more events, or schedules one, if events wait; the
     * dispatcher calls it once per batch it routed, not once per event.
     */
    void signal() {
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
                    handle((Call) item);
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
            LockSupport.parkNanos(this, LINGER_NANOS);
            return !items.isEmpty();
        } finally {
            lingering = null;
        }
    }

    private void handle(Call call) {
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
            session.limiter().close(StopReason.HANDLER_FAILED);
            try {
                session.wakeDispatcher();
                LOG.warn("SmartTracer trace {}: handler {} threw, so the trace is stopped (HANDLER_FAILED)",
                        session.id(), handler.getClass().getName(), failure);
            } catch (Throwable cannotReport) {
                // The dispatcher sees the closed trace on its next round all the same.
            }
        }
    }

    private void releaseRoom() {
        if (unreleased > 0) {
            session.limiter().releaseRoom(unreleased);
            unreleased = 0;
        }
    }

    private void reportStop() {
        try {
            if (!handlerFailed) {
                handler.stopped(session);
            }
        } catch (Throwable failure) {
            completed.countDown();
            try {
                LOG.warn("SmartTracer trace {}: handler {} threw in stopped()", session.id(),
                        handler.getClass().getName(), failure);
            } catch (Throwable cannotReport) {
                // Out of memory: the trace has completed all the same.
            }
        } finally {
            completed.countDown();
        }
    }

    /** Returns the thread running this trace's handler now, or {@code null} if none is. */
    Thread runner() {
        return runner;
    }

    /** Returns how many events wait for the handler. */
    int waiting() {
        int waiting = 0;
        for (Object item : items) {
            if (item != STOP) {
                waiting++;
            }
        }
        return waiting;
    }

    CountDownLatch completed() {
        return completed;
    }

    long delivered() {
        return delivered;
    }

    /** Returns the figures of what the handler received. */
    TraceStats stats() {
        synchronized (latency) {
            return latency.toStats(delivered, returns, exceptions);
        }
    }
}
