package dev.smarttracer.internal.engine;

import dev.smarttracer.bridge.v1.CallExit;

/**
 * A call delivered to traces that report returns, between its entry and its exit: what its
 * RETURN or EXCEPTION event will need (the trace, the probe, the call's id and start), one link
 * per trace that delivered it.
 *
 * <p>Its exit runs on the traced thread when the method returns or throws, even after the trace
 * finished and the class was restored: its queue room was reserved when the call was delivered,
 * so a return is never lost. It goes forward only: to the {@link ExitDelivery}, which queues the
 * events.
 */
final class CallInFlight implements CallExit {

    final TraceRun trace;
    final Probe probe;
    final long callId;
    final long startTicks;
    final CallInFlight link;
    private final ExitDelivery exits;

    CallInFlight(ExitDelivery exits, TraceRun trace, Probe probe, long callId, long startTicks, CallInFlight link) {
        this.exits = exits;
        this.trace = trace;
        this.probe = probe;
        this.callId = callId;
        this.startTicks = startTicks;
        this.link = link;
    }

    @Override
    public void exit(Object returned, Throwable thrown) {
        exits.exit(this, returned, thrown);
    }
}
