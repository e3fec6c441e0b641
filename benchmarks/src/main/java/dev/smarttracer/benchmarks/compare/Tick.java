package dev.smarttracer.benchmarks.compare;

/**
 * One of the target's 100 ms reports.
 *
 * @param nanos when it was taken ({@link System#nanoTime()})
 * @param calls calls completed so far
 * @param worstCall the longest call in the 100 ms before, ns
 * @param worstLate the longest time from a call's scheduled start to its end in the 100 ms before, ns
 */
record Tick(long nanos, long calls, long worstCall, long worstLate) {
}
