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
import java.util.function.Consumer;
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
    private static final int BATCH = 4_096;

    private final EventQueue events = new EventQueue();
    private final List<TraceSession> live = new CopyOnWriteArrayList<>();
    /** The lanes this batch appended to (dispatcher thread only). */
    private final List<Lane> touched = new ArrayList<>();
    private final TracerThreads threads;
    private final Executor workers;
    private final Consumer<TraceSession> detacher;
    private volatile Thread thread;
    private volatile boolean sleeping;

    /**
     * @param threads makes the dispatcher's thread
     * @param workers runs detaches and handlers
     * @param detacher detaches a finished trace; run on a worker
     */
    Dispatcher(TracerThreads threads, Executor workers, Consumer<TraceSession> detacher) {
        this.threads = threads;
        this.workers = workers;
        this.detacher = detacher;
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
                LOG.error("SmartTracer's dispatcher hit an unexpected error and carries on", unexpected);
            }
            if (routed > 0) {
                idleSince = 0;
            } else if (!live.isEmpty()) {
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

    private synchronized boolean exitIfIdle() {
        // Announced before the last look, so that an offer racing with the exit starts a new thread.
        sleeping = true;
        if (!live.isEmpty() || !events.isEmpty()) {
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
        } finally {
            event.clear();
        }
        if (call.type() == CallType.CALL) {
            session.routedCalls++;
        } else {
            session.routedReturns++;
        }
        if (session.recorder() != null) {
            // Recorded here, before any handler sees it: a stuck or failing handler loses nothing recorded.
            RecorderSecrets.recorderAccess().record(session.recorder(), call);
        }
        Lane lane = session.lane();
        lane.add(call);
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
                session.logFailureOnce();
            }
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
            session.logFailureOnce();
            workers.execute(() -> detacher.accept(session));
            session.detachRequested = true;
            session.finishSeenNanos = now;
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
