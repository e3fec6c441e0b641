package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Test support: runs work on eight threads released at once, and stops them, always. */
final class EightThreads {

    static final int THREADS = 8;

    /** One step of the work: {@code step} counts from 0 on each thread. */
    @FunctionalInterface
    interface Step {
        void run(int step) throws Exception;
    }

    private EightThreads() {
    }

    /**
     * Runs {@code steps} steps on each of eight threads, started together; fails if a step throws
     * or the threads take more than a minute.
     */
    static void run(int steps, Step work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < steps; i++) {
                        work.run(i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("the eight threads ended").isTrue();
        }
    }
}
