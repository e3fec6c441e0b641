package dev.smarttracer.internal.engine;

import dev.smarttracer.bridge.v1.CallExit;
import dev.smarttracer.bridge.v1.ProbeSink;
import dev.smarttracer.internal.engine.ReentryGuard.Inside;
import dev.smarttracer.internal.snapshot.Snapshotter;
import dev.smarttracer.recorder.ExceptionInfo;
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
final class ProbeRouter implements ProbeSink {

    private final ProbeTable probes;
    private final ReentryGuard guard;
    private final Snapshotter snapshotter;
    private final Dispatcher dispatcher;

    ProbeRouter(ProbeTable probes, ReentryGuard guard, Snapshotter snapshotter, Dispatcher dispatcher) {
        this.probes = probes;
        this.guard = guard;
        this.snapshotter = snapshotter;
        this.dispatcher = dispatcher;
    }

    /**
     * Runs every step of the calling-thread path once on throwaway objects, so that the classes
     * it needs are loaded now. Otherwise the first exception, say, would load one on a traced
     * thread, possibly deep in a recursion near stack exhaustion, where the JVM's class-file
     * transformer call overflows too and the JVM prints an assertion failure.
     */
    void warmUp() {
        Inside inside = guard.tryEnter();
        try {
            Object[] values = {null, "text", "x".repeat(100_000), 1, 1L, (short) 1, (byte) 1, 'c', 1.5f, 1.5, true,
                    Thread.State.NEW, new int[] {1}, new Object[] {new Object()}, List.of(1), Map.of(1, 2),
                    new ArrayList<>(List.of("a"))};
            snapshotter.snapshotInPlace(values);
            snapshotter.snapshot(new Object());
            snapshotter.exception(new IllegalStateException("warm-up"));
            Limiter limiter = new Limiter(2, 2, 2, 1, 1, 1);
            limiter.start(0);
            limiter.reserve(0);
            limiter.reserve(0);
            limiter.releaseRoom(2);
            limiter.close(StopReason.STOPPED);
            Event event = new Event(null, null, 1, values, Thread.currentThread(), 0);
            PendingCall pending = new PendingCall(this, null, null, 1, 0, null);
            pending.complete(null, snapshotter.exception(new Error()), Thread.currentThread(), 1);
            EventQueue queue = new EventQueue();
            queue.offer(event);
            queue.offer(pending);
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
        TraceSession[] sessions = probe.sessions();
        if (sessions.length == 0) {
            return null;
        }
        Inside inside = guard.tryEnter();
        if (inside == null) {
            return null;
        }
        try {
            return deliver(probe, sessions, args);
        } finally {
            inside.entered = false;
        }
    }

    @GuardHeld
    private CallExit deliver(Probe probe, TraceSession[] sessions, Object[] args) {
        Object[] snapshot = null;
        Thread thread = null;
        PendingCall pending = null;
        for (TraceSession session : sessions) {
            Limiter limiter = session.limiter();
            if (!limiter.isOpen()) {
                continue;
            }
            long now;
            try {
                now = session.ticker().read();
            } catch (Throwable failure) {
                session.fail("its ticker threw", failure);
                continue;
            }
            long callId = limiter.reserve(now);
            if (callId == 0) {
                continue;
            }
            try {
                if (snapshot == null) {
                    // The advice built this array for this call alone: snapshot in place.
                    snapshot = snapshotter.snapshotInPlace(args);
                    thread = Thread.currentThread();
                }
                dispatcher.offer(new Event(session, probe, callId, snapshot, thread, now));
                if (session.returns()) {
                    pending = new PendingCall(this, session, probe, callId, now, pending);
                }
            } catch (Throwable failure) {
                // The call's events are lost; the trace counts them from its slots. Its room is
                // given back as far as this thread still can.
                limiter.releaseRoom(limiter.costPerCall());
            }
        }
        return pending;
    }

    /** Delivers the exit of calls this router delivered; called by {@link PendingCall}. */
    void exit(PendingCall first, Object returned, Throwable thrown) {
        Inside inside = guard.tryEnter();
        if (inside == null) {
            return;
        }
        try {
            deliverExit(first, returned, thrown);
        } finally {
            inside.entered = false;
        }
    }

    @GuardHeld
    private void deliverExit(PendingCall first, Object returned, Throwable thrown) {
        Object value = thrown == null ? snapshotter.snapshot(returned) : null;
        ExceptionInfo raised = thrown == null ? null : snapshotter.exception(thrown);
        Thread thread = Thread.currentThread();
        for (PendingCall exit = first; exit != null; exit = exit.link()) {
            long now;
            try {
                now = exit.session.ticker().read();
            } catch (Throwable failure) {
                exit.session.fail("its ticker threw", failure);
                continue;
            }
            exit.complete(value, raised, thread, now);
            dispatcher.offer(exit);
        }
    }
}
