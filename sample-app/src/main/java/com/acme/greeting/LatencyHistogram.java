package com.acme.greeting;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of nanosecond values in log-linear buckets (16 per power of two, so within about 6 %),
 * written by one thread and read by any, cumulatively: a window is the difference of two
 * {@link #snapshot()}s.
 *
 * <p>One writer thread; readers see each count as of a recent moment.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;
    static final int BUCKETS = (64 - SUB_BITS) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Adds one value; called only by the owning thread. */
    void record(long nanos) {
        int i = bucket(Math.max(0, nanos));
        // Single writer: a release store is enough, and costs no locked instruction.
        counts.lazySet(i, counts.get(i) + 1);
    }

    /** Adds this histogram's counts to {@code into}. */
    void addTo(long[] into) {
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += counts.get(i);
        }
    }

    /** Returns the bucket of a non-negative value. */
    static int bucket(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUB - 1);
        return (exponent - SUB_BITS + 1) * SUB + sub;
    }

    /** Returns the largest value a bucket holds. */
    static long upperBound(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int exponent = bucket / SUB + SUB_BITS - 1;
        long sub = bucket % SUB;
        return ((SUB + sub + 1) << (exponent - SUB_BITS)) - 1;
    }

    /**
     * Returns the value at a quantile of summed counts (the upper bound of its bucket), or 0 if
     * they are all zero.
     */
    static long quantile(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return upperBound(i);
            }
        }
        return upperBound(counts.length - 1);
    }
}
