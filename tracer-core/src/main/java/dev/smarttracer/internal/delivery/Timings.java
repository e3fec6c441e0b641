package dev.smarttracer.internal.delivery;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long the engine's delivery threads wait on the wall clock: the engine uses {@link #DEFAULT};
 * a test that builds the parts itself passes shorter ones, so it never waits seconds for a thread
 * to end.
 *
 * @param dispatcherLingerNanos how long the dispatcher's thread stays once no trace is live
 * @param laneLingerNanos how long a lane's worker waits for a trace's next event before it goes
 * @param returnGraceNanos how long after its detach a finished trace waits for returns still owed
 *     before its stop notice is sent (a return that comes later is still delivered)
 * @param restoreRetryNanos how often a failed restore is tried again
 * @param workerIdleNanos how long an idle worker thread stays in the pool
 * @param dispatcherNapNanos how long the dispatcher naps between rounds while every trace it follows
 *     is open, not crowded and not near its time limit (1 ms otherwise); a trace that closes or
 *     becomes crowded wakes it ({@link Limiter#crowded})
 */
public record Timings(long dispatcherLingerNanos, long laneLingerNanos, long returnGraceNanos, long restoreRetryNanos,
        long workerIdleNanos, long dispatcherNapNanos) {

    /**
     * The engine's times. The dispatcher's nap is 10 ms: each of its rounds wakes it and the
     * lanes it hands events to, and on a machine of few cores those wake-ups share the traced
     * threads' cores and caches; a trace that closes or whose queue room becomes a quarter full
     * wakes it at once.
     */
    public static final Timings DEFAULT = new Timings(TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1),
            TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(10));

    /** Returns times of this length throughout, but the dispatcher's nap of the engine's; for tests. */
    public static Timings all(Duration each) {
        long nanos = each.toNanos();
        return new Timings(nanos, nanos, nanos, nanos, nanos, DEFAULT.dispatcherNapNanos());
    }
}
