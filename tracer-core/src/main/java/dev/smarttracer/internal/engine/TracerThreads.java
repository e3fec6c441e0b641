package dev.smarttracer.internal.engine;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the tracer's threads: daemons named {@code smarttracer-<role>-<n>}, marked inside the
 * tracer for their whole life (so nothing they run is traced), with the engine's class loader
 * as context loader. Thread-safe.
 */
final class TracerThreads implements ThreadFactory {

    private final String role;
    private final ReentryGuard guard;
    private final AtomicInteger count = new AtomicInteger();

    TracerThreads(String role, ReentryGuard guard) {
        this.role = role;
        this.guard = guard;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(() -> {
            ReentryGuard.Inside inside = guard.tryEnter();
            try {
                task.run();
            } finally {
                if (inside != null) {
                    guard.release(inside);
                }
            }
        }, "smarttracer-" + role + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        thread.setContextClassLoader(TracerThreads.class.getClassLoader());
        return thread;
    }
}
