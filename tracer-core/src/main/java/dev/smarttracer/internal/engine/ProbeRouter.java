package dev.smarttracer.internal.engine;

import dev.smarttracer.bridge.v1.Bridge;
import dev.smarttracer.bridge.v1.CallExit;
import dev.smarttracer.bridge.v1.ProbeSink;
import dev.smarttracer.internal.snapshot.Snapshotter;

/**
 * Where the bridge sends the entries of this engine's probes: the part of the tracer that runs
 * on the application's threads.
 *
 * <p>It does only this, without locks, I/O or logging: skip threads already inside the tracer,
 * reserve a slot in each interested trace (exact, by CAS), read the clock, snapshot the
 * arguments once, and offer an event per trace to the dispatcher's queue, whose room was
 * reserved with the slot.
 *
 * <p>Only this class and the advice refer to the bridge's types, so nothing touches them before
 * the bridge is in the bootstrap loader: a class verified earlier would make the application's
 * loader look for them.
 */
final class ProbeRouter implements ProbeSink {

    /** The most probes one JVM can have at once (the bridge's capacity). */
    static final int CAPACITY = Bridge.CAPACITY;

    private final Probe[] probes = new Probe[CAPACITY];
    private final ThreadGuard guard;
    private final Snapshotter snapshotter;

    ProbeRouter(ThreadGuard guard, Snapshotter snapshotter) {
        this.guard = guard;
        this.snapshotter = snapshotter;
    }

    @Override
    public CallExit enter(int probeId, Object[] args) {
        // A plain read: the probe was stored before its gate opened (a volatile write the
        // caller has read), and it is cleared only after its gate closed.
        Probe probe = probes[probeId];
        if (probe == null) {
            return null;
        }
        TraceSession[] sessions = probe.sessions();
        if (sessions.length == 0) {
            return null;
        }
        int[] mark = guard.mark();
        if (mark[0] != 0) {
            return null;
        }
        mark[0] = 1;
        try {
            return deliver(probe, sessions, args);
        } finally {
            mark[0] = 0;
        }
    }

    private CallExit deliver(Probe probe, TraceSession[] sessions, Object[] args) {
        Object[] snapshot = null;
        Thread thread = null;
        PendingCall pending = null;
        for (TraceSession session : sessions) {
            if (!session.isOpen()) {
                continue;
            }
            long now = session.ticker().read();
            long callId = session.reserve(now);
            if (callId == 0) {
                continue;
            }
            try {
                if (snapshot == null) {
                    // The advice built this array for this call alone: snapshot in place.
                    snapshot = snapshotter.snapshotInPlace(args);
                    thread = Thread.currentThread();
                }
                session.offer(new Event(session, probe, callId, snapshot, thread, now));
                if (session.returns()) {
                    pending = new PendingCall(this, session, probe, callId, now, pending);
                }
            } catch (Throwable failure) {
                // Nothing may reach the application, and nothing is logged on its thread.
                session.lose();
            }
        }
        return pending;
    }

    /**
     * Allocates a bridge probe id for a method, gate closed.
     *
     * @return the id, or -1 if the bridge has none left
     */
    int allocate() {
        return Bridge.allocate(this);
    }

    /** Makes the probe reachable by its id, then sets its gate. */
    void open(Probe probe, boolean open) {
        probes[probe.id] = probe;
        Bridge.setOpen(this, probe.id, open);
    }

    /** Closes the probe's gate and gives its id back to the bridge. */
    void release(Probe probe) {
        Bridge.setOpen(this, probe.id, false);
        probes[probe.id] = null;
        Bridge.release(this, probe.id);
    }

    ThreadGuard guard() {
        return guard;
    }

    Snapshotter snapshotter() {
        return snapshotter;
    }
}
