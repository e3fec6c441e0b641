package dev.smarttracer.internal.probe;

import dev.smarttracer.bridge.v1.CallExit;
import dev.smarttracer.internal.delivery.Probe;
import dev.smarttracer.internal.delivery.TraceRun;

/**
 * A call between its entry and its exit, for traces that need its exit: what its events will
 * need (the trace, the probe, the call's id and start), one link per trace.
 *
 * <p>Its exit runs on the traced thread when the method returns or throws, even after the trace
 * finished and the class was restored: the room of a call delivered at its entry was reserved
 * then, so its return is never lost. A call whose trace decides at the exit (only calls that
 * throw, say) has no slot yet: it keeps its arguments' snapshots for its CALL event. It goes
 * forward only: to the {@link ExitDelivery}, which queues the events.
 */
final class CallInFlight implements CallExit {

    final TraceRun trace;
    final Probe probe;
    final long callId;
    final long startTicks;
    final CallInFlight link;
    /** The arguments' snapshots of a call whose trace decides at the exit; {@code null} otherwise. */
    final Object[] undecidedArgs;
    /** The live arguments of such a call, for a condition on live values at its exit; else {@code null}. */
    final Object[] liveArgs;
    private final ExitDelivery exits;

    /** A call delivered at its entry: its slot is taken, its CALL event queued. */
    CallInFlight(ExitDelivery exits, TraceRun trace, Probe probe, long callId, long startTicks, CallInFlight link) {
        this.exits = exits;
        this.trace = trace;
        this.probe = probe;
        this.callId = callId;
        this.startTicks = startTicks;
        this.link = link;
        this.undecidedArgs = null;
        this.liveArgs = null;
    }

    /**
     * A call whose trace decides at the exit whether it counts: no slot taken yet, no event
     * queued; its arguments' snapshots wait here for its CALL event.
     */
    CallInFlight(ExitDelivery exits, TraceRun trace, Probe probe, long startTicks, Object[] arguments,
            Object[] liveArguments, CallInFlight link) {
        this.exits = exits;
        this.trace = trace;
        this.probe = probe;
        this.callId = 0;
        this.startTicks = startTicks;
        this.link = link;
        this.undecidedArgs = arguments;
        this.liveArgs = liveArguments;
    }

    @Override
    public void exit(Object returned, Throwable thrown) {
        exits.exit(this, returned, thrown);
    }
}
