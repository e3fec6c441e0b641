package dev.smarttracer.internal.engine;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.internal.RecorderSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread ({@code smarttracer-dispatch-<n>}) between traced threads and handlers. It takes
 * events from the one lock-free queue traced threads append to, turns them into {@link Call}s,
 * records them, and hands each to its trace's {@link Lane}; and it moves every live trace along:
 * time limits, asking for the detach of a trace that closed (however it closed, so a trace whose
 * calling thread died half-way still ends), and the stop notice once the trace's events are in.
 *
 * <p>It never runs a handler or changes bytecode (workers do, on their own threads), so neither a
 * stuck handler nor a slow retransformation delays another trace. The only user code it runs is
 * a trace's {@link dev.smarttracer.Ticker}, guarded: a ticker that throws ends its own trace,
 * logged once.
 *
 * <p>Traced threads only append, and wake this thread only when it sleeps for want of any live
 * trace; while one is live it naps for at most a millisecond, so a traced call never pays for a
 * wake-up. The thread exists only while a trace is live, and ends a second after the last one;
 * a return that comes later starts it again.
 *
 * <p>Thread-safe.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long RETURN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long RESTORE_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int BATCH = 4_096;

    private final EventQueue events = new EventQueue();
    private final List<TraceSession> live = new CopyOnWriteArrayList<>();
    /** The lanes this batch appended to (dispatcher thread only). */
    private final List<Lane> touched = new ArrayList<>();
    private final TracerThreads threads;
    private final Executor workers;
    private final ProbeInstaller installer;
    private volatile Thread thread;
    private volatile boolean sleeping;
    private volatile long failures;
    /** When a failed restore was last retried (dispatcher thread only). */
    private long lastRestoreTry;

    /**
     * @param threads makes the dispatcher's thread
     * @param workers runs detaches and handlers
     * @param installer detaches finished traces, on a worker, and retries a restore that failed
     */
    Dispatcher(TracerThreads threads, Executor workers, ProbeInstaller installer) {
        this.threads = threads;
        this.workers = workers;
        this.installer = installer;
    }

    /** Queues an event; called on traced threads. */
    void offer(Event event) {
        events.offer(event);
        if (sleeping) {
            wake();
        }
    }

    /** Starts following a trace whose gates are about to open. */
    void register(TraceSession session) {
        live.add(session);
        wake();
    }

    /**
     * Wakes the dispatcher's thread, or starts one if it had ended: a late return offered after
     * every trace completed still gets delivered.
     */
    void wake() {
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
        } else {
            start();
        }
    }

    private synchronized void start() {
        if (thread == null) {
            sleeping = false;
            thread = threads.newThread(this::run);
            thread.start();
        }
    }

    /** Tells whether the dispatcher's thread is running; for tests. */
    boolean isRunning() {
        return thread != null;
    }

    private void run() {
        try {
            loop();
        } finally {
            // Reached by an exit when idle (thread already null) and by an Error that escaped even
            // the loop's guard: then the thread is let go and, if traces still need it, replaced.
            // Nothing here allocates before the state is safe: a later offer or wake starts anew.
            if (thread == Thread.currentThread()) {
                thread = null;
                sleeping = true;
                if (!live.isEmpty() || !events.isEmpty()) {
                    try {
                        wake();
                    } catch (Throwable noThread) {
                        // No thread could be made now: the next offer, trace or wake-up tries again.
                    }
                }
            }
        }
    }

    private void loop() {
        long idleSince = 0;
        for (;;) {
            int routed = 0;
            try {
                for (Event event; routed < BATCH && (event = events.poll()) != null; routed++) {
                    route(event);
                }
                touched.forEach(Lane::signal);
                touched.clear();
                moveTracesAlong();
            } catch (Throwable unexpected) {
                // Out of memory, say: the events of this batch that were not routed are counted lost
                // by their traces; every trace is moved along again on the next round. Reported
                // after, and only if reporting itself can run.
                touched.clear();
                failures++;
                reportQuietly(unexpected);
            }
            if (routed > 0) {
                idleSince = 0;
            } else if (!live.isEmpty() || installer.restorePending()) {
                idleSince = 0;
                LockSupport.parkNanos(this, NAP_NANOS);
            } else if (idleSince == 0) {
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince >= LINGER_NANOS && exitIfIdle()) {
                return;
            } else {
                sleeping = true;
                try {
                    // Checked after announcing sleep, so an event offered meanwhile is not stranded.
                    if (events.isEmpty() && live.isEmpty()) {
                        LockSupport.parkNanos(this, LINGER_NANOS);
                    }
                } finally {
                    sleeping = false;
                }
            }
        }
    }

    private static void reportQuietly(Throwable unexpected) {
        try {
            LOG.error("SmartTracer's dispatcher hit an unexpected error and carries on", unexpected);
        } catch (Throwable cannotReport) {
            // Out of memory again: the dispatcher goes on without the report.
        }
    }

    /** Returns how many rounds of the dispatcher failed with an unexpected error; for tests and status. */
    long failures() {
        return failures;
    }

    private synchronized boolean exitIfIdle() {
        // Announced before the last look, so that an offer racing with the exit starts a new thread.
        sleeping = true;
        if (!live.isEmpty() || !events.isEmpty() || installer.restorePending()) {
            sleeping = false;
            return false;
        }
        thread = null;
        return true;
    }

    private void route(Event event) {
        TraceSession session = event.session;
        Call call;
        try {
            call = session.toCall(event);
        } catch (Throwable lost) {
            // The event is lost (counted at the stop from the routed counts); its queue room is not.
            session.limiter().releaseRoom(1);
            throw lost;
        } finally {
            event.clear();
        }
        Lane lane = session.lane();
        try {
            if (session.recorder() != null) {
                // Recorded here, before any handler sees it: a stuck or failing handler loses nothing recorded.
                RecorderSecrets.recorderAccess().record(session.recorder(), call);
            }
            lane.add(call);
        } catch (Throwable lost) {
            session.limiter().releaseRoom(1);
            throw lost;
        }
        // Counted once on its lane: an event lost above counts as lost at the trace's stop.
        if (call.type() == CallType.CALL) {
            session.routedCalls++;
        } else {
            session.routedReturns++;
        }
        if (touched.isEmpty() || touched.get(touched.size() - 1) != lane) {
            touched.add(lane);
        }
    }

    private void moveTracesAlong() {
        long now = System.nanoTime();
        for (TraceSession session : live) {
            try {
                moveAlong(session, now);
            } catch (Throwable failure) {
                session.fail("SmartTracer's dispatcher failed on it", failure);
            }
        }
        if (installer.restorePending() && now - lastRestoreTry >= RESTORE_RETRY_NANOS) {
            lastRestoreTry = now;
            workers.execute(installer::retryRestore);
        }
    }

    private void moveAlong(TraceSession session, long now) {
        Limiter limiter = session.limiter();
        if (!session.detachRequested) {
            if (limiter.isOpen() && limiter.hasDeadline() && timeIsUp(session)) {
                session.finish(StopReason.TIMEOUT);
            }
            if (limiter.isOpen()) {
                return;
            }
            // The detach first: if no worker can be had now (out of memory or threads), the next
            // round asks again. The report comes after, and cannot undo it.
            session.finishSeenNanos = now;
            workers.execute(() -> installer.detach(session));
            session.detachRequested = true;
            session.logFailureOnce();
            return;
        }
        if (!session.stopSent) {
            if (session.isDetached()
                    && (session.allEventsRouted() || now - session.finishSeenNanos >= RETURN_GRACE_NANOS)) {
                session.stopSent = true;
                long lost = session.countLostAtStop();
                if (session.recorder() != null) {
                    RecorderSecrets.recorderAccess()
                            .finish(session.recorder(), session.id(), session.stopReason(), lost);
                }
                session.lane().addStop();
                // A return still owed is routed whenever it comes, by this thread or a new one.
                live.remove(session);
            }
        }
        session.lane().signal();
    }

    private boolean timeIsUp(TraceSession session) {
        long now;
        try {
            now = session.ticker().read();
        } catch (Throwable failure) {
            session.fail("its ticker threw", failure);
            return false;
        }
        return session.limiter().pastDeadline(now);
    }
}
