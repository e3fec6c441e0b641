package dev.smarttracer.internal.reentry;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the tracer's threads: daemons named {@code smarttracer-<role>-<n>}, marked inside the
 * tracer for their whole life (so nothing they run is traced, not even a JDK method a trace with
 * JDK classes allowed selects), with the engine's class loader as context loader.
 *
 * <p>The engine's dispatcher and workers come from here, and so does every thread of the agent
 * ({@link #named}): its control channel's acceptor, each connection and its writer, the
 * retention sweeper. A thread is marked in the engine's {@link ReentryGuard#shared() shared guard}
 * before its task starts and leaves it when the task ends, however it ends.
 *
 * <p>Thread-safe.
 */
public final class TracerThreads implements ThreadFactory {

    private final String role;
    private final ReentryGuard guard;
    private final AtomicInteger count = new AtomicInteger();

    public TracerThreads(String role, ReentryGuard guard) {
        this.role = role;
        this.guard = guard;
    }

    /**
     * Makes a daemon thread of the tracer, not started, whose calls are never traced.
     *
     * @param name the thread's name, {@code smarttracer-} and its job
     * @param task what it runs
     * @return the thread
     */
    public static Thread named(String name, Runnable task) {
        return marked(ReentryGuard.shared(), name, task);
    }

    /**
     * Marks the current thread inside the tracer for the rest of its life: for a thread that was
     * started before the engine could be loaded (the agent's acceptor, dormant until its first
     * connection), once it starts serving.
     */
    public static void enterForLife() {
        ReentryGuard.shared().tryEnter();
    }

    @Override
    public Thread newThread(Runnable task) {
        return marked(guard, "smarttracer-" + role + "-" + count.incrementAndGet(), task);
    }

    private static Thread marked(ReentryGuard guard, String name, Runnable task) {
        Thread thread = new Thread(() -> {
            ReentryGuard.Inside inside = guard.tryEnter();
            try {
                task.run();
            } finally {
                if (inside != null) {
                    guard.release(inside);
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(TracerThreads.class.getClassLoader());
        return thread;
    }
}
