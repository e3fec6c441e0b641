package dev.smarttracer.benchmarks;

import java.util.concurrent.TimeUnit;

/**
 * A process started by a harness, and everything it starts, killed when the harness closes it or
 * exits: a shutdown hook kills the tree even if the harness is interrupted. Thread-safe.
 */
public final class ProcessTree implements AutoCloseable {

    private final Process process;
    private final Thread killer;

    /**
     * Takes charge of a process.
     *
     * @param process the process
     * @param name the name of the shutdown hook's thread
     */
    public ProcessTree(Process process, String name) {
        this.process = process;
        this.killer = new Thread(this::kill, name);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Kills the process and everything it started, and waits up to 30 s for it to be gone. */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it kills the same processes
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
