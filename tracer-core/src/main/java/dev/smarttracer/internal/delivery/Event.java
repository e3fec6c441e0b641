package dev.smarttracer.internal.delivery;

import dev.smarttracer.internal.snapshot.Footprint;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.CallerFrame;
import dev.smarttracer.recorder.ExceptionInfo;
import dev.smarttracer.recorder.internal.SnapshotArgs;
import java.util.List;

/**
 * One event on its way from a traced thread to the dispatcher: snapshots and raw clock ticks,
 * turned into a {@link dev.smarttracer.recorder.Call} on the dispatcher thread. It is also its
 * own node in the {@link EventQueue}, so queueing allocates nothing more.
 *
 * <p>Filled in by one traced thread, then handed over through the queue (release/acquire).
 */
public final class Event {

    /**
     * The next node. Volatile and written with a plain field store, not through a method: a
     * producer that has swapped itself in as the queue's tail links its predecessor with no call
     * in between, so not even a {@link StackOverflowError} (which strikes only where a method is
     * entered) can leave the queue broken at that link.
     */
    public volatile Event next;

    public TraceRun trace;
    public Probe probe;
    public CallType type;
    public long callId;
    public Object[] args;
    public Object returnValue;
    public ExceptionInfo exception;
    public String threadName;
    public long threadId;
    public long ticks;
    public long durationNanos;
    /** On a CALL of a trace that asks for caller stacks: the frames that called, else {@code null}. */
    public StackWalker.StackFrame[] stack;

    public Event() {
    }

    /** A CALL event. */
    public Event(TraceRun trace, Probe probe, long callId, Object[] args, Thread thread, long ticks) {
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
    public Event(TraceRun trace, Probe probe, long callId, Object returnValue, ExceptionInfo raised, Thread thread,
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

    /**
     * Returns the queue room in bytes this event holds in its trace's limiter: what the traced
     * thread reserved for it, worked out again from the same snapshots ({@link Footprint}); an end
     * holds at least what its call's start reserved for it.
     */
    public long bytes() {
        return type == CallType.CALL ? Footprint.call(args, trace.stackDepth())
                : Math.max(Footprint.END_RESERVE, Footprint.end(returnValue, exception));
    }

    /** Turns this event into its {@code Call}; dispatcher. */
    public Call toCall() {
        return new Call(trace.id(), callId, type, probe.className, probe.methodName, probe.descriptor, probe.arity,
                type == CallType.CALL ? SnapshotArgs.takeOver(args) : List.of(), returnValue, exception, threadName, threadId,
                trace.wallTime(ticks), durationNanos, callers());
    }

    private List<CallerFrame> callers() {
        if (stack == null || stack.length == 0) {
            return List.of();
        }
        CallerFrame[] frames = new CallerFrame[stack.length];
        for (int i = 0; i < stack.length; i++) {
            StackWalker.StackFrame frame = stack[i];
            frames[i] = new CallerFrame(frame.getClassName(), frame.getMethodName(), frame.getFileName(),
                    frame.getLineNumber());
        }
        return List.of(frames);
    }

    public Event next() {
        return next;
    }

    public void unlink() {
        next = null;
    }

    /** Drops the payload once delivered; the node may linger in the queue as its stub. */
    public void clear() {
        trace = null;
        probe = null;
        args = null;
        returnValue = null;
        exception = null;
        stack = null;
    }
}
