package dev.smarttracer.internal.probe;

import dev.smarttracer.internal.delivery.Probe;
import dev.smarttracer.internal.delivery.TraceRun;

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
public final class CallInFlight implements CallExit {

    public final TraceRun trace;
    public final Probe probe;
    public final long callId;
    public final long startTicks;
    public final CallInFlight link;
    private final ExitDelivery exits;

    public CallInFlight(ExitDelivery exits, TraceRun trace, Probe probe, long callId, long startTicks, CallInFlight link) {
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
