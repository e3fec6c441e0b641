package dev.smarttracer.internal.delivery;

import dev.smarttracer.Trace;
import dev.smarttracer.internal.reentry.TracerThreads;
import dev.smarttracer.recorder.Call;
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
 * trace, or when a trace closes or its queue room becomes crowded ({@link Limiter#crowded});
 * while one is live it naps between rounds ({@link Timings#dispatcherNapNanos()}, 1 ms while a
 * trace is crowded, finishes or nears its time limit), so a traced call rarely pays for a
 * wake-up and the events come in batches. The thread exists only while a trace is live, and ends a while ({@link Timings}) after
 * the last one; a return that comes later starts it again.
 *
 * <p>Thread-safe.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 4_096;
    /** The nap while a trace finishes (its detach, its owed returns, its stop notice) or a restore waits. */
    private static final long SHORT_NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * How many of its idle lingers the dispatcher stays for a lane whose stop notice finds no
     * worker, signalling it again, before it gives up on it.
     */
    private static final int STRANDED_RETRY_LINGERS = 10;

    private final EventQueue events = new EventQueue();
    private final List<Followed> live = new CopyOnWriteArrayList<>();
    /** The lanes this batch appended to (dispatcher thread only). */
    private final List<Lane> touched = new ArrayList<>();
    /**
     * The lanes of traces no longer followed whose stop notice has not been taken yet, with when
     * the notice was appended (dispatcher thread only): one that found no worker to be had is
     * signalled again each round, for {@link #STRANDED_RETRY_LINGERS} of its idle lingers at most.
     */
    private final List<Finishing> finishing = new ArrayList<>();
    private final TracerThreads threads;
    private final Executor workers;
    private final Detacher installer;
    private final Timings timings;
    private volatile Thread thread;
    private volatile boolean sleeping;
    private volatile long failures;
    /**
     * How long to nap after this round (dispatcher thread only): the long nap while every followed
     * trace is open, not crowded, not near its time limit and not waiting for a call's event on its
     * way, and nothing else waits; else 1 ms.
     */
    private long napNanos = SHORT_NAP_NANOS;
    /** When a failed restore was last retried (dispatcher thread only). */
    private long lastRestoreTry;

    /**
     * @param threads makes the dispatcher's thread
     * @param workers runs detaches and handlers
     * @param installer detaches finished traces, on a worker, and retries a restore that failed
     * @param timings how long it lingers once idle, waits for owed returns and between restore retries
     */
    public Dispatcher(TracerThreads threads, Executor workers, Detacher installer, Timings timings) {
        this.threads = threads;
        this.workers = workers;
        this.installer = installer;
        this.timings = timings;
    }

    /**
     * Queues an event; called on traced threads. Once queued, the event is this thread's: nothing
     * is thrown after that (a thread that cannot be made now is made by the next offer or wake-up),
     * so a caller that sees this return normally knows its event is queued, and one that sees it
     * throw knows it is not.
     */
    public void offer(Event event) {
        events.offer(event);
        try {
            if (sleeping) {
                wake();
            }
        } catch (Throwable noThread) {
            // Out of memory or threads, a stack overflow: the event waits for the next wake-up.
        }
    }

    /**
     * Starts following a trace whose gates are about to open. Synchronized with the thread's idle
     * exit ({@link #exitIfIdle}): either the exit sees the trace, or this starts a new thread.
     *
     * @param trace the running trace
     * @param handle the trace as its handler's {@link dev.smarttracer.TraceHandler#stopped} sees it
     */
    public synchronized void register(TraceRun trace, Trace handle) {
        live.add(new Followed(trace, handle));
        wake();
    }

    /** What the dispatcher keeps about a trace it follows; dispatcher thread only. */
    private static final class Followed {
        final TraceRun trace;
        final Trace handle;
        boolean detachRequested;
        long finishSeenNanos;
        /** When the queue was first found empty after the trace's detach; 0 before. */
        long drainedSinceDetachNanos;

        Followed(TraceRun trace, Trace handle) {
            this.trace = trace;
            this.handle = handle;
        }
    }

    /**
     * Wakes the dispatcher's thread, or starts one if it had ended: a late return offered after
     * every trace completed still gets delivered.
     */
    public void wake() {
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
    public boolean isRunning() {
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
                if (!live.isEmpty() || !events.isEmpty() || !finishing.isEmpty()) {
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
            int routed = round();
            if (routed > 0) {
                idleSince = 0;
            } else if (!live.isEmpty() || installer.restorePending() || !finishing.isEmpty()) {
                idleSince = 0;
                // A trace that closes or becomes crowded meanwhile wakes this thread (its limiter's
                // attention), before the park or during it: the park then returns at once.
                LockSupport.parkNanos(this, napNanos);
            } else if (idleSince == 0) {
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince >= timings.dispatcherLingerNanos() && exitIfIdle()) {
                return;
            } else {
                sleeping = true;
                try {
                    // Checked after announcing sleep, so an event offered meanwhile is not stranded.
                    if (events.isEmpty() && live.isEmpty()) {
                        LockSupport.parkNanos(this, timings.dispatcherLingerNanos());
                    }
                } finally {
                    sleeping = false;
                }
            }
        }
    }

    /**
     * Routes one batch and moves every trace along. A method of its own, called once a round, rather
     * than the body of the endless loop: the JIT then compiles it as a method, not the loop by
     * on-stack replacement, so a path the compiled code never took before (a trace's first event, a
     * trace's end) sends one round back to slower code, not the thread for good until the loop is
     * compiled again, while a flood of events waits.
     *
     * @return how many events it routed
     */
    private int round() {
        int routed = 0;
        try {
            for (Event event; routed < BATCH && (event = events.poll()) != null; routed++) {
                route(event);
            }
            touched.forEach(Lane::signal);
            touched.clear();
            moveTracesAlong(routed < BATCH);
        } catch (Throwable unexpected) {
            // Out of memory, say: the events of this batch that were not routed are counted lost
            // by their traces; every trace is moved along again on the next round. Reported
            // after, and only if reporting itself can run.
            touched.clear();
            napNanos = SHORT_NAP_NANOS;
            failures++;
            reportQuietly(unexpected);
        }
        return routed;
    }

    private static void reportQuietly(Throwable unexpected) {
        try {
            LOG.error("SmartTracer's dispatcher hit an unexpected error and carries on", unexpected);
        } catch (Throwable cannotReport) {
            // Out of memory again: the dispatcher goes on without the report.
        }
    }

    /** Returns how many rounds of the dispatcher failed with an unexpected error; for tests and status. */
    public long failures() {
        return failures;
    }

    private synchronized boolean exitIfIdle() {
        // Announced before the last look, so that an offer racing with the exit starts a new thread.
        sleeping = true;
        if (!live.isEmpty() || !events.isEmpty() || installer.restorePending() || !finishing.isEmpty()) {
            sleeping = false;
            return false;
        }
        thread = null;
        return true;
    }

    private void route(Event event) {
        TraceRun trace = event.trace;
        long bytes = event.bytes();
        Call call;
        try {
            call = event.toCall();
        } catch (Throwable lost) {
            // The event is lost (counted at the stop from what its lane received); its queue room is not.
            trace.limiter().release(1, bytes);
            throw lost;
        } finally {
            event.clear();
        }
        Lane lane = trace.lane();
        try {
            if (trace.recorder() != null) {
                // Recorded here, before any handler sees it: a stuck or failing handler loses nothing recorded.
                RecorderSecrets.recorderAccess().record(trace.recorder(), call);
            }
            lane.add(call, bytes);
        } catch (Throwable lost) {
            trace.limiter().release(1, bytes);
            throw lost;
        }
        if (touched.isEmpty() || touched.get(touched.size() - 1) != lane) {
            touched.add(lane);
        }
    }

    /**
     * @param drained whether this round emptied the queue: every event offered before it began
     *     has been routed
     */
    private void moveTracesAlong(boolean drained) {
        long now = System.nanoTime();
        long nap = timings.dispatcherNapNanos();
        for (Followed followed : live) {
            try {
                nap = Math.min(nap, moveAlong(followed, now, drained));
            } catch (Throwable failure) {
                nap = SHORT_NAP_NANOS;
                followed.trace.fail("SmartTracer's dispatcher failed on it", failure);
            }
        }
        signalFinishing(now);
        napNanos = finishing.isEmpty() && !installer.restorePending() ? Math.max(SHORT_NAP_NANOS, nap) : SHORT_NAP_NANOS;
        if (installer.restorePending() && now - lastRestoreTry >= timings.restoreRetryNanos()) {
            lastRestoreTry = now;
            workers.execute(installer::retryRestore);
        }
    }

    /**
     * Moves one trace along its end, if it has closed.
     *
     * @return how long the trace may be left alone: until its time limit, for ever, or 0 if it
     *     finishes, its queue room is crowded or a call's event is on its way
     */
    private long moveAlong(Followed followed, long now, boolean drained) {
        TraceRun trace = followed.trace;
        Limiter limiter = trace.limiter();
        Lane lane = trace.lane();
        if (!followed.detachRequested) {
            long left = limiter.isOpen() && limiter.hasDeadline() ? nanosLeft(trace) : Long.MAX_VALUE;
            if (left <= 0) {
                trace.stop(StopReason.TIMEOUT);
            }
            if (limiter.isOpen()) {
                // Crowded, or a call has taken its room and its event is still on the way: the call
                // that crowded the room wakes this thread before it offers its event.
                return limiter.crowded() || limiter.reservedCalls() > lane.receivedCalls() ? 0 : left;
            }
            // The detach first: if no worker can be had now (out of memory or threads), the next
            // round asks again. The report comes after, and cannot undo it.
            long seen = now;
            workers.execute(() -> installer.detach(trace, seen));
            followed.finishSeenNanos = now;
            followed.detachRequested = true;
            logFailure(trace);
            return 0;
        }
        if (!lane.stopQueued() && trace.isDetached()) {
            if (drained && followed.drainedSinceDetachNanos == 0) {
                // The grace for what is still owed starts once the queue has held nothing of the
                // time before the detach: events merely waiting behind a flood are not owed.
                followed.drainedSinceDetachNanos = now;
            }
            if (allEventsRouted(trace) || (followed.drainedSinceDetachNanos != 0
                    && now - followed.drainedSinceDetachNanos >= timings.returnGraceNanos())) {
                long lost = lostAtStop(trace);
                if (trace.recorder() != null) {
                    RecorderSecrets.recorderAccess().finish(trace.recorder(), trace.id(), limiter.reason(), lost);
                }
                lane.addStop(followed.handle);
                // Watched until its stop notice is taken: a worker may not be had for it now.
                finishing.add(new Finishing(lane, now));
                // A return still owed is routed whenever it comes, by this thread or a new one.
                live.remove(followed);
            }
        }
        lane.signal();
        return 0;
    }

    /**
     * Signals again the lanes whose stop notice found no worker to be had (out of memory or
     * threads), and lets go of those whose stop notice has been taken, or that were signalled in
     * vain for {@link #STRANDED_RETRY_LINGERS} idle lingers (their workers may never be had again):
     * the dispatcher's thread does not stay for them for ever.
     */
    private void signalFinishing(long now) {
        for (int i = finishing.size() - 1; i >= 0; i--) {
            Finishing waiting = finishing.get(i);
            if (waiting.lane.drained()
                    || now - waiting.sinceNanos >= STRANDED_RETRY_LINGERS * timings.dispatcherLingerNanos()) {
                finishing.remove(i);
            } else if (waiting.lane.stranded()) {
                waiting.lane.signal();
            }
        }
    }

    /** A lane whose stop notice is not taken yet, and when it was appended; dispatcher thread only. */
    private record Finishing(Lane lane, long sinceNanos) {
    }

    /** Tells whether every event the trace's reserved calls will produce has reached its lane. */
    private static boolean allEventsRouted(TraceRun trace) {
        Lane lane = trace.lane();
        return lane.receivedCalls() >= trace.limiter().reservedCalls()
                && (!trace.returns() || lane.receivedReturns() >= lane.receivedCalls());
    }

    /** Counts the events that will not reach the handler, as the stop notice is sent. */
    private static long lostAtStop(TraceRun trace) {
        Lane lane = trace.lane();
        long lostCalls = Math.max(0, trace.limiter().reservedCalls() - lane.receivedCalls());
        long lostReturns = trace.returns() ? lostCalls + Math.max(0, lane.receivedCalls() - lane.receivedReturns()) : 0;
        return lostCalls + lostReturns;
    }

    /** Logs, once per trace (this runs once per trace, as its detach is asked for), why it failed on a calling thread. */
    private static void logFailure(TraceRun trace) {
        CallFilter filter = trace.filter();
        if (filter != null && filter.failures() > 0) {
            try {
                LOG.warn("SmartTracer trace {}: its condition failed {} times, each counted as no match; the first: {}",
                        trace.id(), filter.failures(), filter.firstFailure());
            } catch (Throwable cannotReport) {
                // Out of memory: counted all the same.
            }
        }
        String what = trace.failure();
        if (what != null) {
            try {
                LOG.warn("SmartTracer trace {} stopped (FAILED): {}", trace.id(), what, trace.failureCause());
            } catch (Throwable cannotReport) {
                // Out of memory: the trace is closed and detached all the same.
            }
        }
    }

    /** Returns the nanoseconds left before a trace's time limit, on its ticker; {@code Long.MAX_VALUE} if the ticker failed (the trace then fails). */
    private long nanosLeft(TraceRun trace) {
        long now;
        try {
            now = trace.ticker().read();
        } catch (Throwable failure) {
            trace.fail("its ticker threw", failure);
            return Long.MAX_VALUE;
        }
        return trace.limiter().nanosLeft(now);
    }
}
