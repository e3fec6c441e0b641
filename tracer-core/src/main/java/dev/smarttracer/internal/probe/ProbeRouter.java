package dev.smarttracer.internal.probe;

import dev.smarttracer.bridge.v1.CallExit;
import dev.smarttracer.bridge.v1.ProbeSink;
import dev.smarttracer.internal.delivery.CallFilter;
import dev.smarttracer.internal.delivery.Dispatcher;
import dev.smarttracer.internal.delivery.Event;
import dev.smarttracer.internal.delivery.EventQueue;
import dev.smarttracer.internal.delivery.Limiter;
import dev.smarttracer.internal.delivery.Probe;
import dev.smarttracer.internal.delivery.TraceRun;
import dev.smarttracer.internal.reentry.GuardHeld;
import dev.smarttracer.internal.reentry.ReentryGuard.Inside;
import dev.smarttracer.internal.reentry.ReentryGuard;
import dev.smarttracer.internal.snapshot.Footprint;
import dev.smarttracer.internal.snapshot.Snapshotter;
import dev.smarttracer.recorder.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the bridge sends the entries of this engine's probes: the part of the tracer that runs
 * on the application's threads.
 *
 * <p>It does only this, without locks, I/O or logging: skip threads already inside the tracer,
 * reserve a slot in each interested trace (exact, by CAS), read the clock, snapshot the
 * arguments once, and offer an event per trace to the dispatcher's queue, whose room was
 * reserved with the slot. Whatever is thrown here (a failing ticker, a
 * {@link StackOverflowError}) costs at most the events of this call, which the trace counts as
 * lost; it never reaches the application and never leaves a trace half-stopped.
 */
public final class ProbeRouter implements ProbeSink {

    private final ProbeTable probes;
    private final ReentryGuard guard;
    private final Snapshotter snapshotter;
    private final Dispatcher dispatcher;
    private final ExitDelivery exits;

    public ProbeRouter(ProbeTable probes, ReentryGuard guard, Snapshotter snapshotter, Dispatcher dispatcher) {
        this.probes = probes;
        this.guard = guard;
        this.snapshotter = snapshotter;
        this.dispatcher = dispatcher;
        this.exits = new ExitDelivery(guard, snapshotter, dispatcher);
    }

    /**
     * Runs every step of the calling-thread path once on throwaway objects, so that the classes
     * it needs are loaded now. Otherwise the first exception, say, would load one on a traced
     * thread, possibly deep in a recursion near stack exhaustion, where the JVM's class-file
     * transformer call overflows too and the JVM prints an assertion failure.
     */
    public void warmUp() {
        Inside inside = guard.tryEnter();
        try {
            Object[] values = {null, "text", "x".repeat(100_000), 1, 1L, (short) 1, (byte) 1, 'c', 1.5f, 1.5, true,
                    Thread.State.NEW, new int[] {1}, new Object[] {new Object()}, List.of(1), Map.of(1, 2),
                    new ArrayList<>(List.of("a"))};
            snapshotter.snapshotInPlace(values);
            snapshotter.snapshot(new Object());
            snapshotter.exception(new IllegalStateException("warm-up"));
            Limiter limiter = new Limiter(2, 2, 2, 1 << 20, 1, 1, 1, () -> { });
            limiter.start(0);
            limiter.reserve(0);
            limiter.takeRoom(Footprint.call(values, 0) + Footprint.END_RESERVE);
            limiter.reserve(0);
            limiter.takeRoom(Footprint.END_RESERVE);
            limiter.charge(Footprint.end(values[2], null) + Footprint.end(null, snapshotter.exception(new Error())));
            limiter.release(2, limiter.roomBytes());
            limiter.close(StopReason.STOPPED);
            Event event = new Event(null, null, 1, values, Thread.currentThread(), 0);
            event.stack = CallerStacks.warmUp();
            CallInFlight inFlight = new CallInFlight(exits, null, null, 1, 0, null);
            Event exit = new Event(inFlight.trace, inFlight.probe, inFlight.callId, null,
                    snapshotter.exception(new Error()), Thread.currentThread(), 1, 1 - inFlight.startTicks);
            EventQueue queue = new EventQueue();
            queue.offer(event);
            queue.offer(exit);
            queue.poll();
            queue.poll();
        } finally {
            if (inside != null) {
                inside.entered = false;
            }
        }
    }

    @Override
    public CallExit enter(int probeId, Object[] args) {
        Probe probe = probes.probe(probeId);
        if (probe == null) {
            return null;
        }
        TraceRun[] traces = probe.traces();
        if (traces.length == 0) {
            return null;
        }
        Inside inside = guard.tryEnter();
        if (inside == null) {
            return null;
        }
        try {
            return deliver(probe, traces, args);
        } finally {
            inside.entered = false;
        }
    }

    @GuardHeld
    private CallExit deliver(Probe probe, TraceRun[] traces, Object[] args) {
        Object[] snapshot = null;
        long argumentBytes = -1;
        Thread thread = null;
        CallInFlight inFlight = null;
        for (TraceRun trace : traces) {
            Limiter limiter = trace.limiter();
            if (!limiter.isOpen()) {
                continue;
            }
            CallFilter filter = trace.filter();
            if (filter != null) {
                try {
                    if (thread == null) {
                        thread = Thread.currentThread();
                    }
                    if (!filter.threadMatches(thread)) {
                        continue;
                    }
                    if (snapshot == null) {
                        snapshot = snapshot(probe, args);
                    }
                    if (!filter.passesEntry(snapshot, args, thread)) {
                        continue;
                    }
                    if (filter.decidedAtExit()) {
                        // No slot yet: the call takes one at its exit, if it passes there.
                        long start;
                        try {
                            start = trace.ticker().read();
                        } catch (Throwable failure) {
                            trace.fail("its ticker threw", failure);
                            continue;
                        }
                        inFlight = new CallInFlight(exits, trace, probe, start, snapshot,
                                filter.readsLiveArguments() ? args : null, inFlight);
                        continue;
                    }
                    if (!filter.admit(snapshot, args, thread)) {
                        continue;
                    }
                } catch (Throwable failure) {
                    // Out of memory, say: the call does not count; nothing was reserved.
                    continue;
                }
            }
            // The clock is read only for a call that counts so far: one a filter turned away never pays for it.
            long now;
            try {
                now = trace.ticker().read();
            } catch (Throwable failure) {
                trace.fail("its ticker threw", failure);
                continue;
            }
            long callId = limiter.reserve(now);
            if (callId == 0) {
                continue;
            }
            long reserved = 0;
            long queued = 0;
            try {
                if (snapshot == null) {
                    snapshot = snapshot(probe, args);
                }
                if (argumentBytes < 0) {
                    argumentBytes = Footprint.call(snapshot, 0);
                }
                // The room counts the snapshots' bytes, and a small allowance for the call's end.
                long callBytes = argumentBytes + trace.stackDepth() * Footprint.PER_FRAME;
                long room = trace.returns() ? callBytes + Footprint.END_RESERVE : callBytes;
                if (!limiter.takeRoom(room)) {
                    continue;
                }
                reserved = room;
                if (thread == null) {
                    thread = Thread.currentThread();
                }
                Event call = new Event(trace, probe, callId, snapshot, thread, now);
                if (trace.stackDepth() > 0) {
                    call.stack = CallerStacks.callers(probe, trace.stackDepth());
                }
                dispatcher.offer(call);
                // Queued: its lane gives its room back; only its end's is this thread's to give back now.
                queued = callBytes;
                if (trace.returns()) {
                    inFlight = new CallInFlight(exits, trace, probe, callId, now, inFlight);
                }
            } catch (Throwable failure) {
                // The call's events are lost (out of memory, a stack overflow); the trace counts them
                // from its slots. The room it took and did not hand to the queue goes back, as far as
                // this thread still can.
                if (reserved > 0) {
                    limiter.release(limiter.costPerCall() - (queued > 0 ? 1 : 0), reserved - queued);
                }
            }
        }
        return inFlight;
    }

    /**
     * Snapshots the arguments: in place, as the advice built the array for this call alone, unless
     * a trace of the method reads the live values, which must then stay as they are.
     */
    @GuardHeld
    private Object[] snapshot(Probe probe, Object[] args) {
        return snapshotter.snapshotInPlace(probe.keepsLiveArguments() ? args.clone() : args);
    }
}
