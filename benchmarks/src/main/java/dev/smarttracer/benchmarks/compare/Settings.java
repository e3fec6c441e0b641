package dev.smarttracer.benchmarks.compare;

import java.nio.file.Path;

/**
 * How a comparison runs.
 *
 * @param classPath the class path holding {@code com.acme.greeting} for the targets
 * @param rate calls per second per worker thread in the paced targets
 * @param threads worker threads in every target
 * @param warmupSeconds how long a target runs before anything is measured
 * @param windowSeconds the length of each measured window
 * @param settleSeconds how long after a trace's first event its window starts
 * @param trials exactness trials per tool with a call budget
 * @param exactLimit the call budget N of the exactness trials
 */
record Settings(Path classPath, long rate, int threads, double warmupSeconds, double windowSeconds,
        double settleSeconds, int trials, long exactLimit) {

    /** Returns the calls all workers make in a number of seconds at the paced rate. */
    long budgetFor(double seconds) {
        return Math.round(rate * threads * seconds);
    }
}
