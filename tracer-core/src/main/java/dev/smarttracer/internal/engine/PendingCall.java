package dev.smarttracer.internal.engine;

import dev.smarttracer.bridge.v1.CallExit;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.ExceptionInfo;

/**
 * The exit of a call delivered to a trace that reports returns; on exit it becomes the RETURN or
 * EXCEPTION event itself. A chain, one link per trace that delivered the call.
 *
 * <p>Runs on the traced thread when the method returns or throws, even after the trace finished
 * and the class was restored: its queue room was reserved when the call was delivered, so a
 * return is never lost.
 */
final class PendingCall extends Event implements CallExit {

    private final ProbeRouter router;
    private final long startTicks;
    private final PendingCall link;

    PendingCall(ProbeRouter router, TraceSession session, Probe probe, long callId, long startTicks, PendingCall link) {
        this.router = router;
        this.session = session;
        this.probe = probe;
        this.callId = callId;
        this.startTicks = startTicks;
        this.link = link;
    }

    @Override
    public void exit(Object returned, Throwable thrown) {
        router.exit(this, returned, thrown);
    }

    PendingCall link() {
        return link;
    }

    /** Fills in the outcome, turning this link into its RETURN or EXCEPTION event. */
    void complete(Object value, ExceptionInfo raised, Thread thread, long now) {
        type = raised == null ? CallType.RETURN : CallType.EXCEPTION;
        returnValue = value;
        exception = raised;
        threadName = thread.getName();
        threadId = thread.getId();
        ticks = now;
        durationNanos = Math.max(0, now - startTicks);
    }
}
