package dev.smarttracer.internal.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one daemon thread ({@code smarttracer-dispatch}) that takes events from traced threads and
 * hands them to handlers, in order; detaches finished traces; checks time limits; and tells
 * handlers when their trace has stopped.
 *
 * <p>Traced threads only append to a lock-free queue, and wake this thread only when it sleeps
 * for lack of any active trace; while traces are active it naps for at most a millisecond, so a
 * traced call never pays for a wake-up. The queue is unbounded as a structure but bounded in
 * practice: each trace reserves room for its events before producing them, and gets it back
 * in batches as they are delivered.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final TraceEngine engine;
    private final EventQueue events = new EventQueue();
    private final ConcurrentLinkedQueue<TraceSession> finished = new ConcurrentLinkedQueue<>();
    private final List<TraceSession> stopping = new ArrayList<>();
    private final List<TraceSession> owingRoom = new ArrayList<>();
    private final Thread thread;
    private volatile boolean sleeping;

    Dispatcher(TraceEngine engine) {
        this.engine = engine;
        this.thread = new Thread(this::run, "smarttracer-dispatch");
        thread.setDaemon(true);
        thread.setContextClassLoader(Dispatcher.class.getClassLoader());
        thread.start();
    }

    /** Queues an event; called on traced threads. */
    void offer(Event event) {
        events.offer(event);
        if (sleeping) {
            wake();
        }
    }

    /** Asks for a finished trace to be detached and its handler told. */
    void finished(TraceSession session) {
        finished.offer(session);
        wake();
    }

    void wake() {
        LockSupport.unpark(thread);
    }

    boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        // Everything this thread runs (handlers, retransformation) is the tracer's own work.
        engine.guard().mark()[0] = 1;
        for (;;) {
            try {
                loop();
            } catch (Throwable unexpected) {
                LOG.error("SmartTracer's dispatcher hit an unexpected error and carries on", unexpected);
            }
        }
    }

    private void loop() {
        for (;;) {
            TraceSession done;
            while ((done = finished.poll()) != null) {
                engine.detach(done);
                stopping.add(done);
            }
            Event event = events.poll();
            if (event != null) {
                TraceSession session = event.session;
                if (session.dispatch(event)) {
                    owingRoom.add(session);
                }
                event.clear();
                continue;
            }
            owingRoom.forEach(TraceSession::settleRoom);
            owingRoom.clear();
            engine.checkDeadlines();
            reportStops();
            idle();
        }
    }

    private void reportStops() {
        long now = System.nanoTime();
        for (Iterator<TraceSession> it = stopping.iterator(); it.hasNext(); ) {
            TraceSession session = it.next();
            if (session.readyToReportStop(now)) {
                it.remove();
                session.reportStop();
            }
        }
    }

    private void idle() {
        if (engine.hasActiveTraces() || !stopping.isEmpty()) {
            LockSupport.parkNanos(this, NAP_NANOS);
            return;
        }
        sleeping = true;
        try {
            // Checked after announcing sleep, so an event offered meanwhile is not stranded.
            if (events.isEmpty() && finished.isEmpty() && !engine.hasActiveTraces()) {
                LockSupport.park(this);
            }
        } finally {
            sleeping = false;
        }
    }
}
