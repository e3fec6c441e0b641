package dev.smarttracer.internal.engine;

import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.ExceptionInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One event on its way from a traced thread to the dispatcher: snapshots and raw clock ticks,
 * turned into a {@link dev.smarttracer.recorder.Call} on the dispatcher thread. It is also its
 * own node in the {@link EventQueue}, so queueing allocates nothing more.
 *
 * <p>Filled in by one traced thread, then handed over through the queue (release/acquire).
 */
class Event {

    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Event.class, "next", Event.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through NEXT
    private Event next;

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

    final Event nextAcquire() {
        return (Event) NEXT.getAcquire(this);
    }

    final void setNextRelease(Event event) {
        NEXT.setRelease(this, event);
    }

    final void unlink() {
        NEXT.set(this, null);
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
