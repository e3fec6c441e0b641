package com.acme.inventory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Worker threads that each call {@link StockRepository#restock} back to back on their own connection
 * and their own range of SKUs (so no two threads wait for each other's row locks), counting the
 * operations done.
 *
 * <p>Thread-safe.
 */
public final class InventoryLoad implements AutoCloseable {

    /** Distinct SKUs each worker cycles through. */
    public static final int SKUS_PER_WORKER = 10_000;

    // One counter per worker, each on its own cache line (16 longs apart), written only by its worker.
    private static final int STRIDE = 16;

    private final AtomicLongArray counts;
    private final List<Thread> workers = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private volatile boolean running = true;

    private InventoryLoad(int threads) {
        counts = new AtomicLongArray(threads * STRIDE);
    }

    /**
     * Starts the workers.
     *
     * @param url the database's JDBC URL
     * @param threads how many workers (at least 1)
     * @return the running load
     * @throws SQLException if a worker's connection cannot be opened
     */
    public static InventoryLoad start(String url, int threads) throws SQLException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1; got " + threads);
        }
        InventoryLoad load = new InventoryLoad(threads);
        for (int i = 0; i < threads; i++) {
            StockRepository inventory = new StockRepository(url);
            int worker = i;
            Thread thread = new Thread(() -> load.work(inventory, worker), "inventory-worker-" + i);
            thread.setDaemon(true);
            load.workers.add(thread);
        }
        load.workers.forEach(Thread::start);
        return load;
    }

    private void work(StockRepository inventory, int worker) {
        int first = worker * SKUS_PER_WORKER;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int slot = worker * STRIDE;
        try (inventory) {
            while (running) {
                inventory.restock(first + random.nextInt(SKUS_PER_WORKER), random.nextInt(1_000));
                counts.lazySet(slot, counts.get(slot) + 1);
            }
        } catch (Throwable failure) {
            synchronized (failures) {
                failures.add(failure);
            }
        }
    }

    /** Returns how many operations all workers have completed so far. */
    public long operations() {
        long sum = 0;
        for (int i = 0; i < counts.length(); i += STRIDE) {
            sum += counts.get(i);
        }
        return sum;
    }

    /**
     * Throws the first failure of a worker, if any stopped on one.
     *
     * @throws IllegalStateException carrying the worker's failure
     */
    public void checkHealthy() {
        synchronized (failures) {
            if (!failures.isEmpty()) {
                throw new IllegalStateException("an inventory worker failed: " + failures.get(0), failures.get(0));
            }
        }
    }

    /** Stops the workers and waits up to 5 s for each; an interrupt ends the wait. */
    @Override
    public void close() {
        running = false;
        try {
            for (Thread worker : workers) {
                worker.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
