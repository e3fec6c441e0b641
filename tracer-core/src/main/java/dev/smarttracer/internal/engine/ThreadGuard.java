package dev.smarttracer.internal.engine;

/**
 * Marks the threads that are inside the tracer, so that what the tracer itself runs (snapshots
 * calling {@code toString()}, handlers, bytecode changes) is never traced.
 *
 * <p>The dispatcher thread is marked for its whole life; application threads only while they
 * snapshot a call or install a trace. Thread-safe: each thread sees its own mark.
 */
final class ThreadGuard {

    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    /** Returns the current thread's mark: element 0 counts how deep it is inside the tracer. */
    int[] mark() {
        return depth.get();
    }
}
