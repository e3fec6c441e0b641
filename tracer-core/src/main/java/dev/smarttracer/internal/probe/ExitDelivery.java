package dev.smarttracer.internal.probe;

import dev.smarttracer.internal.delivery.CallFilter;
import dev.smarttracer.internal.delivery.CallFilter.LiveExit;
import dev.smarttracer.internal.delivery.Dispatcher;
import dev.smarttracer.internal.delivery.Event;
import dev.smarttracer.internal.delivery.Limiter;
import dev.smarttracer.internal.delivery.TraceRun;
import dev.smarttracer.internal.reentry.GuardHeld;
import dev.smarttracer.internal.reentry.ReentryGuard.Inside;
import dev.smarttracer.internal.reentry.ReentryGuard;
import dev.smarttracer.internal.snapshot.Footprint;
import dev.smarttracer.internal.snapshot.Snapshotter;
import dev.smarttracer.recorder.ExceptionInfo;

/**
 * The exit half of the probe path: turns the exit of a {@link CallInFlight} into a RETURN or
 * EXCEPTION event per trace and queues them, with the same rules as the entry half
 * ({@link ProbeRouter}): no locks, I/O or logging, nothing thrown into the application.
 *
 * <p>Thread-safe and stateless.
 */
final class ExitDelivery {

    private final ReentryGuard guard;
    private final Snapshotter snapshotter;
    private final Dispatcher dispatcher;

    ExitDelivery(ReentryGuard guard, Snapshotter snapshotter, Dispatcher dispatcher) {
        this.guard = guard;
        this.snapshotter = snapshotter;
        this.dispatcher = dispatcher;
    }

    /** Delivers the exit of a call, to every trace of its chain; on the traced thread. */
    void exit(CallInFlight first, Object returned, Throwable thrown) {
        Inside inside = guard.tryEnter();
        if (inside == null) {
            return;
        }
        try {
            deliver(first, returned, thrown);
        } finally {
            inside.entered = false;
        }
    }

    @GuardHeld
    private void deliver(CallInFlight first, Object returned, Throwable thrown) {
        Object value;
        ExceptionInfo raised;
        try {
            value = thrown == null ? snapshotter.snapshot(returned) : null;
            raised = thrown == null ? null : snapshotter.exception(thrown);
        } catch (Throwable failure) {
            // Out of memory, say: no trace gets this end, each counts it lost, and its room goes back.
            for (CallInFlight call = first; call != null; call = call.link) {
                giveBackEnd(call);
            }
            return;
        }
        long endBytes = Footprint.end(value, raised);
        // What the call's start did not reserve for this end, charged to each trace below.
        long beyond = Math.max(0, endBytes - Footprint.END_RESERVE);
        Thread thread = Thread.currentThread();
        for (CallInFlight call = first; call != null; call = call.link) {
            long now;
            try {
                now = call.trace.ticker().read();
            } catch (Throwable failure) {
                call.trace.fail("its ticker threw", failure);
                giveBackEnd(call);
                continue;
            }
            if (call.undecidedArgs != null) {
                deliverIfPasses(call, value, raised, endBytes, thread, now, returned, thrown);
                continue;
            }
            Limiter limiter = call.trace.limiter();
            if (beyond > 0) {
                limiter.charge(beyond);
            }
            try {
                dispatcher.offer(new Event(call.trace, call.probe, call.callId, value, raised, thread, now,
                        Math.max(0, now - call.startTicks)));
            } catch (Throwable lost) {
                // No memory for the event: it is counted lost at the trace's stop; its room goes back.
                limiter.release(1, Footprint.END_RESERVE + beyond);
            }
        }
    }

    /** Gives back the room a call's start took for an end that will not be queued. */
    @GuardHeld
    private static void giveBackEnd(CallInFlight call) {
        if (call.undecidedArgs == null) {
            // A call decided at its end took no room yet.
            call.trace.limiter().release(1, Footprint.END_RESERVE);
        }
    }

    /**
     * Decides a call whose trace waits for its end: if it passes, it takes its slot now and its
     * CALL (dated at its start) and RETURN or EXCEPTION events are queued together.
     */
    @GuardHeld
    private void deliverIfPasses(CallInFlight call, Object value, ExceptionInfo raised, long endBytes, Thread thread,
            long now, Object returned, Throwable thrown) {
        TraceRun trace = call.trace;
        Limiter limiter = trace.limiter();
        if (!limiter.isOpen()) {
            return;
        }
        CallFilter filter = trace.filter();
        long elapsed = Math.max(0, now - call.startTicks);
        LiveExit live = call.liveArgs == null ? null : new LiveExit(call.liveArgs, returned, thrown);
        if (!filter.passesExit(call.undecidedArgs, value, raised, elapsed, thread, live)
                || !filter.admit(call.undecidedArgs, call.liveArgs, thread)) {
            return;
        }
        long startBytes = Footprint.call(call.undecidedArgs, trace.stackDepth());
        // The end holds at least what a call's start would have reserved for it, as the dispatcher counts it.
        long reserved = trace.returns() ? startBytes + Math.max(Footprint.END_RESERVE, endBytes) : startBytes;
        long callId = limiter.reserve(now);
        if (callId == 0 || !limiter.takeRoom(reserved)) {
            return;
        }
        int queued = 0;
        long queuedBytes = 0;
        try {
            Event start = new Event(trace, call.probe, callId, call.undecidedArgs, thread, call.startTicks);
            if (trace.stackDepth() > 0) {
                // The callers wait in this call, so they are the frames its entry would have seen.
                start.stack = CallerStacks.callers(call.probe, trace.stackDepth());
            }
            dispatcher.offer(start);
            queued++;
            queuedBytes = startBytes;
            if (trace.returns()) {
                dispatcher.offer(new Event(trace, call.probe, callId, value, raised, thread, now, elapsed));
            }
        } catch (Throwable lost) {
            // No memory for an event: it is counted lost at the trace's stop; its room goes back.
            limiter.release(limiter.costPerCall() - queued, reserved - queuedBytes);
        }
    }
}
