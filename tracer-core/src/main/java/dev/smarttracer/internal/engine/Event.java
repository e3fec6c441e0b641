package dev.smarttracer.internal.engine;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.ExceptionInfo;
import java.util.Arrays;
import java.util.List;

/**
 * One event on its way from a traced thread to the dispatcher: snapshots and raw clock ticks,
 * turned into a {@link dev.smarttracer.recorder.Call} on the dispatcher thread. It is also its
 * own node in the {@link EventQueue}, so queueing allocates nothing more.
 *
 * <p>Filled in by one traced thread, then handed over through the queue (release/acquire).
 */
final class Event {

    /**
     * The next node. Volatile and written with a plain field store, not through a method: a
     * producer that has swapped itself in as the queue's tail links its predecessor with no call
     * in between, so not even a {@link StackOverflowError} (which strikes only where a method is
     * entered) can leave the queue broken at that link.
     */
    volatile Event next;

    TraceRun trace;
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

    /** A CALL event. */
    Event(TraceRun trace, Probe probe, long callId, Object[] args, Thread thread, long ticks) {
        this.trace = trace;
        this.probe = probe;
        this.type = CallType.CALL;
        this.callId = callId;
        this.args = args;
        this.threadName = thread.getName();
        this.threadId = thread.getId();
        this.ticks = ticks;
    }

    /** A RETURN event, or an EXCEPTION event if {@code raised} is set. */
    Event(TraceRun trace, Probe probe, long callId, Object returnValue, ExceptionInfo raised, Thread thread,
            long ticks, long durationNanos) {
        this.trace = trace;
        this.probe = probe;
        this.type = raised == null ? CallType.RETURN : CallType.EXCEPTION;
        this.callId = callId;
        this.returnValue = returnValue;
        this.exception = raised;
        this.threadName = thread.getName();
        this.threadId = thread.getId();
        this.ticks = ticks;
        this.durationNanos = durationNanos;
    }

    /** Turns this event into its {@code Call}; dispatcher. */
    Call toCall() {
        return new Call(trace.id(), callId, type, probe.className, probe.methodName, probe.descriptor, probe.arity,
                type == CallType.CALL ? Arrays.asList(args) : List.of(), returnValue, exception, threadName, threadId,
                trace.wallTime(ticks), durationNanos);
    }

    Event next() {
        return next;
    }

    void unlink() {
        next = null;
    }

    /** Drops the payload once delivered; the node may linger in the queue as its stub. */
    void clear() {
        trace = null;
        probe = null;
        args = null;
        returnValue = null;
        exception = null;
    }
}
