package dev.smarttracer.internal.engine;

import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.ExceptionInfo;

/**
 * One event on its way from a traced thread to the dispatcher: snapshots and raw clock ticks,
 * turned into a {@link dev.smarttracer.recorder.Call} on the dispatcher thread. It is also its
 * own node in the {@link EventQueue}, so queueing allocates nothing more.
 *
 * <p>Filled in by one traced thread, then handed over through the queue (release/acquire).
 */
class Event {

    /**
     * The next node. Volatile and written with a plain field store, not through a method: a
     * producer that has swapped itself in as the queue's tail links its predecessor with no call
     * in between, so not even a {@link StackOverflowError} (which strikes only where a method is
     * entered) can leave the queue broken at that link.
     */
    volatile Event next;

    TraceSession session;
    Probe probe;
    CallType type;
    long callId;
    Object[] args;
    Object returnValue;
    ExceptionInfo exception;
    String threadName;
    long threadId;
    long ticks;
    long durationNanos;

    Event() {
    }

    Event(TraceSession session, Probe probe, long callId, Object[] args, Thread thread, long ticks) {
        this.session = session;
        this.probe = probe;
        this.type = CallType.CALL;
        this.callId = callId;
        this.args = args;
        this.threadName = thread.getName();
        this.threadId = thread.getId();
        this.ticks = ticks;
    }

    final Event next() {
        return next;
    }

    final void unlink() {
        next = null;
    }

    /** Drops the payload once delivered; the node may linger in the queue as its stub. */
    final void clear() {
        session = null;
        probe = null;
        args = null;
        returnValue = null;
        exception = null;
    }
}
