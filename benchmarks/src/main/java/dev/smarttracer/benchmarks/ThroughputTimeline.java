package dev.smarttracer.benchmarks;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Samples a monotonic operation counter every 100 ms on its own daemon thread, and answers
 * throughput questions about any interval since it started: the counter between two samples is
 * interpolated linearly, so a late sample (a safepoint, a busy core) shifts no window.
 *
 * <p>Thread-safe: one thread writes, any thread reads what has been published.
 */
final class ThroughputTimeline implements AutoCloseable {

    static final long PERIOD_NANOS = 100_000_000L;
    private static final int CAPACITY = 36_000;

    private final LongSupplier counter;
    private final long[] times = new long[CAPACITY];
    private final long[] counts = new long[CAPACITY];
    private final Thread sampler;
    private volatile int size;
    private volatile boolean running = true;

    private ThroughputTimeline(LongSupplier counter) {
        this.counter = counter;
        this.sampler = new Thread(this::run, "throughput-sampler");
        sampler.setDaemon(true);
        sampler.setPriority(Thread.MAX_PRIORITY);
    }

    /** Starts sampling a counter. */
    static ThroughputTimeline start(LongSupplier counter) {
        ThroughputTimeline timeline = new ThroughputTimeline(counter);
        timeline.sample();
        timeline.sampler.start();
        return timeline;
    }

    private void run() {
        long next = times[0] + PERIOD_NANOS;
        while (running && size < CAPACITY) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            sample();
            next += PERIOD_NANOS;
        }
    }

    private void sample() {
        int i = size;
        times[i] = System.nanoTime();
        counts[i] = counter.getAsLong();
        size = i + 1;
    }

    /**
     * Returns the operations per second between two instants ({@link System#nanoTime()}), both
     * within the sampled span.
     *
     * @throws IllegalArgumentException if the interval is empty or not yet sampled
     */
    double rate(long from, long to) {
        if (to <= from) {
            throw new IllegalArgumentException("empty interval: " + from + " to " + to);
        }
        return (countAt(to) - countAt(from)) / ((to - from) / 1e9);
    }

    /** Returns the largest instant sampled so far. */
    long sampledUntil() {
        return times[size - 1];
    }

    /** Returns the longest gap between two consecutive samples in an interval, in nanoseconds. */
    long longestGap(long from, long to) {
        int n = size;
        long gap = 0;
        for (int i = 1; i < n; i++) {
            if (times[i] > from && times[i - 1] < to) {
                gap = Math.max(gap, times[i] - times[i - 1]);
            }
        }
        return gap;
    }

    private double countAt(long t) {
        int n = size;
        if (t < times[0] || t > times[n - 1]) {
            throw new IllegalArgumentException("instant " + t + " lies outside the sampled span " + times[0] + " to "
                    + times[n - 1]);
        }
        int lo = 0;
        int hi = n - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= t) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if (times[hi] == times[lo]) {
            return counts[hi];
        }
        return counts[lo] + (counts[hi] - counts[lo]) * (double) (t - times[lo]) / (times[hi] - times[lo]);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
