package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.TraceStats;

/**
 * A log-linear histogram of durations in nanoseconds: 32 buckets per power of two, so any
 * percentile is within about 3% of the true value; min and max are exact.
 *
 * <p>Not thread-safe: one writer, and readers that synchronise with it.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 5;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS) * SUB_COUNT;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long min = Long.MAX_VALUE;
    private long max;

    /**
     * Records one duration; negative durations count as 0.
     *
     * @param nanos the duration
     */
    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts[index(value)]++;
        total++;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    /** Returns how many durations were recorded. */
    public long count() {
        return total;
    }

    /**
     * Returns the duration at a percentile, clamped to the exact min and max.
     *
     * @param percentile from 0 to 100
     * @return the duration, or 0 if nothing was recorded
     */
    public long percentile(double percentile) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be within 0..100; got " + percentile);
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, Math.max(min, midpoint(i)));
            }
        }
        return max;
    }

    /**
     * Builds stats from this histogram's durations and the given event counts.
     *
     * @param calls CALL events
     * @param returns RETURN events
     * @param exceptions EXCEPTION events
     * @return the stats
     */
    public TraceStats toStats(long calls, long returns, long exceptions) {
        if (total == 0) {
            return new TraceStats(calls, returns, exceptions, 0, 0, 0, 0);
        }
        return new TraceStats(calls, returns, exceptions, min, percentile(50), percentile(99), max);
    }

    static int index(long value) {
        if (value < SUB_COUNT) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int shift = exponent - SUB_BITS;
        return (shift + 1) * SUB_COUNT + (int) ((value >>> shift) - SUB_COUNT);
    }

    static long midpoint(int index) {
        if (index < SUB_COUNT) {
            return index;
        }
        int shift = index / SUB_COUNT - 1;
        long lower = (long) (index % SUB_COUNT + SUB_COUNT) << shift;
        return lower + ((1L << shift) >>> 1);
    }
}
