package dev.smarttracer.agent.internal.target;

import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.Recording;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * Drops the recordings a target keeps once their retention time has passed: each trace's
 * {@code --keep}, counted from the moment its trace ended. A recording whose trace still runs is
 * never dropped by time (the recorder's own bounds still apply to it).
 *
 * <p>A thread, {@code smarttracer-retention}, exists only while a drop is scheduled: it sleeps
 * until the earliest one and exits when none is left, so an agent that holds nothing runs
 * nothing. Tests drive {@link #dropDue()} with a clock of their own instead.
 *
 * <p>Thread-safe.
 */
final class RecordingRetention {

    private static final long ERROR_PAUSE_MILLIS = 1_000;

    private final Recorder recorder;
    private final Clock clock;
    private final ThreadFactory threads;
    private final Map<Long, Instant> keptUntil = new HashMap<>();
    private Thread sweeper;

    /**
     * @param recorder the recorder whose recordings are dropped
     * @param clock the time recordings expire by
     * @param threads makes the thread that waits for the next expiry, or {@code null} for none
     *     (a test calls {@link #dropDue()} itself)
     */
    RecordingRetention(Recorder recorder, Clock clock, ThreadFactory threads) {
        this.recorder = recorder;
        this.clock = clock;
        this.threads = threads;
    }

    /**
     * Keeps a finished trace's recording for a time from now, then drops it.
     *
     * @param traceId the trace, which has ended
     * @param keep how long to keep its recording; zero drops it at once
     */
    void ended(long traceId, Duration keep) {
        Instant until = clock.instant().plus(keep);
        synchronized (this) {
            keptUntil.put(traceId, until);
            if (threads != null && sweeper == null) {
                try {
                    sweeper = threads.newThread(this::sweep);
                    sweeper.start();
                } catch (RuntimeException | Error noThread) {
                    // No thread now (out of memory or threads): the next recording ended tries again.
                    sweeper = null;
                }
            }
            notifyAll();
        }
        if (keep.isZero()) {
            dropDue();
        }
    }

    /**
     * Returns until when a recording is kept.
     *
     * @param traceId the recording's trace
     * @return the time it is dropped, or empty while its trace runs (or if it is not managed here)
     */
    synchronized Optional<Instant> keptUntil(long traceId) {
        return Optional.ofNullable(keptUntil.get(traceId));
    }

    /**
     * Returns the recordings the recorder holds, each with until when it is kept, seen at one
     * instant: a drop never falls between reading the recordings and reading their times, so a
     * recording just dropped is never shown as one kept with no end.
     *
     * @return the recordings, oldest trace first, each with its drop time or {@code null} while its
     *     trace runs
     */
    synchronized List<Kept> recordings() {
        List<Kept> all = new ArrayList<>();
        for (Recording recording : recorder.recordings()) {
            all.add(new Kept(recording, keptUntil.get(recording.traceId())));
        }
        return all;
    }

    /**
     * A recording and until when it is kept.
     *
     * @param recording the recording
     * @param until the time it is dropped, or {@code null} while its trace runs
     */
    record Kept(Recording recording, Instant until) {}

    /** Forgets every scheduled drop: {@code stop --recordings} dropped the recordings already. */
    synchronized void forgetAll() {
        keptUntil.clear();
        notifyAll();
    }

    /**
     * Drops every recording whose time has come.
     *
     * @return how many were dropped
     */
    int dropDue() {
        Instant now = clock.instant();
        int dropped = 0;
        synchronized (this) {
            var due = keptUntil.entrySet().iterator();
            while (due.hasNext()) {
                Map.Entry<Long, Instant> entry = due.next();
                if (!entry.getValue().isAfter(now)) {
                    recorder.clear(entry.getKey());
                    due.remove();
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /**
     * Sleeps until the earliest drop, drops what is due, and exits when nothing is scheduled. An
     * Error on the way (out of memory while a recording is cleared, say) does not end it: it
     * pauses a second and goes on, so no drop is forgotten.
     */
    private void sweep() {
        try {
            for (;;) {
                try {
                    dropDue();
                } catch (RuntimeException | Error failed) {
                    synchronized (this) {
                        wait(ERROR_PAUSE_MILLIS);
                    }
                    continue;
                }
                synchronized (this) {
                    if (keptUntil.isEmpty()) {
                        sweeper = null;
                        return;
                    }
                    long millis = ERROR_PAUSE_MILLIS;
                    try {
                        Instant next = keptUntil.values().stream().min(Instant::compareTo).orElseThrow();
                        millis = Duration.between(clock.instant(), next).toMillis();
                    } catch (RuntimeException | Error failed) {
                        // computed again after the pause
                    }
                    if (millis > 0) {
                        wait(millis);
                    }
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } finally {
            // However it ended, the next recording to keep starts a sweeper again.
            synchronized (this) {
                if (sweeper == Thread.currentThread()) {
                    sweeper = null;
                }
            }
        }
    }
}
