package dev.smarttracer.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Notices the processes this JVM starts while it is watching (the attacher JVM that a self-attach
 * launches) by listing this process's children every 5 ms: when each was first seen, when it
 * exited, its command, and the CPU time it had used when last seen.
 *
 * <p>Listing children reads {@code /proc}, which costs a little CPU; use it only while measuring
 * where time goes, not while measuring throughput.
 *
 * <p>Thread-safe.
 */
final class ChildProcessWatch implements AutoCloseable {

    /** One process seen; times are {@link System#nanoTime()}, -1 if not known. */
    static final class Seen {
        final long pid;
        final long firstSeen;
        final String command;
        volatile long exited = -1;
        volatile long cpuNanos = -1;

        Seen(long pid, long firstSeen, String command) {
            this.pid = pid;
            this.firstSeen = firstSeen;
            this.command = command;
        }
    }

    private final Map<Long, Seen> seen = new LinkedHashMap<>();
    private final Thread watcher;
    private volatile boolean running = true;

    private ChildProcessWatch() {
        watcher = new Thread(this::run, "child-process-watch");
        watcher.setDaemon(true);
    }

    /** Starts watching. */
    static ChildProcessWatch start() {
        ChildProcessWatch watch = new ChildProcessWatch();
        watch.watcher.start();
        return watch;
    }

    private void run() {
        while (running) {
            long now = System.nanoTime();
            ProcessHandle.current().children().forEach(child -> {
                Seen known;
                synchronized (seen) {
                    known = seen.get(child.pid());
                    if (known == null) {
                        ProcessHandle.Info info = child.info();
                        known = new Seen(child.pid(), now, info.commandLine().orElse(info.command().orElse("?")));
                        seen.put(child.pid(), known);
                        Seen registered = known;
                        child.onExit().thenRun(() -> registered.exited = System.nanoTime());
                    }
                }
                Seen current = known;
                child.info().totalCpuDuration().ifPresent(cpu -> current.cpuNanos = cpu.toNanos());
            });
            LockSupport.parkNanos(5_000_000L);
        }
    }

    /** Returns the processes seen so far, in the order they were first seen. */
    List<Seen> seen() {
        synchronized (seen) {
            return new ArrayList<>(seen.values());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            watcher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
