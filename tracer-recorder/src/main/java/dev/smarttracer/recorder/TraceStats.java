package dev.smarttracer.recorder;

/**
 * Figures about one trace's calls: how many, how many threw, and how long they took.
 *
 * <p>Latencies are measured from entry to return or throw, on completed calls only; they are 0
 * when no call has completed. Percentiles are accurate to about 3%.
 *
 * @param calls CALL events delivered
 * @param returns RETURN events delivered
 * @param exceptions EXCEPTION events delivered
 * @param minNanos the shortest completed call
 * @param p50Nanos the median completed call
 * @param p99Nanos the 99th percentile completed call
 * @param maxNanos the longest completed call
 * @param lost events of the trace's calls that did not reach its handler by the time the trace
 *     completed: lost on the traced thread (a {@link StackOverflowError} inside the tracer, say),
 *     or still waiting behind a handler that is stuck
 */
public record TraceStats(
        long calls, long returns, long exceptions, long minNanos, long p50Nanos, long p99Nanos, long maxNanos,
        long lost) {

    /** Stats of a trace that has seen nothing. */
    public static final TraceStats EMPTY = new TraceStats(0, 0, 0, 0, 0, 0, 0);

    /** Validates the figures. */
    public TraceStats {
        if (calls < 0 || returns < 0 || exceptions < 0 || lost < 0 || minNanos < 0
                || minNanos > p50Nanos || p50Nanos > p99Nanos || p99Nanos > maxNanos) {
            throw new IllegalArgumentException("inconsistent stats: calls " + calls + ", returns " + returns
                    + ", exceptions " + exceptions + ", latency min/p50/p99/max " + minNanos + "/" + p50Nanos
                    + "/" + p99Nanos + "/" + maxNanos + ", lost " + lost);
        }
    }

    /** Creates the figures of a trace that lost nothing. */
    public TraceStats(long calls, long returns, long exceptions, long minNanos, long p50Nanos, long p99Nanos,
            long maxNanos) {
        this(calls, returns, exceptions, minNanos, p50Nanos, p99Nanos, maxNanos, 0);
    }

    /** Returns the same figures with a count of lost events. */
    public TraceStats withLost(long lost) {
        return new TraceStats(calls, returns, exceptions, minNanos, p50Nanos, p99Nanos, maxNanos, lost);
    }

    /**
     * Computes the stats of recorded events exactly (nearest-rank percentiles), with nothing lost:
     * events alone cannot tell what never arrived ({@link Recording#stats()} adds what it knows).
     *
     * @param calls events of one trace
     * @return their stats
     */
    public static TraceStats of(java.util.Collection<Call> calls) {
        long entries = 0;
        long returns = 0;
        long exceptions = 0;
        long[] durations = new long[calls.size()];
        int completed = 0;
        for (Call call : calls) {
            switch (call.type()) {
                case CALL -> entries++;
                case RETURN -> returns++;
                case EXCEPTION -> exceptions++;
            }
            if (call.type() != CallType.CALL) {
                durations[completed++] = call.durationNanos();
            }
        }
        if (completed == 0) {
            return new TraceStats(entries, returns, exceptions, 0, 0, 0, 0);
        }
        long[] sorted = java.util.Arrays.copyOf(durations, completed);
        java.util.Arrays.sort(sorted);
        return new TraceStats(entries, returns, exceptions, sorted[0], rank(sorted, 50), rank(sorted, 99),
                sorted[completed - 1]);
    }

    private static long rank(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    /** Returns the number of calls that have completed, by returning or throwing. */
    public long completed() {
        return returns + exceptions;
    }
}
