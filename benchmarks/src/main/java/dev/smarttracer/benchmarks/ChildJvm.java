package dev.smarttracer.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started for one measurement. Its output (standard error merged into standard out) is
 * copied line by line to a stream with a label in front, and lines can be awaited by prefix.
 *
 * <p>It is always killed, with every process it started (a self-attach's attacher JVM), when it
 * is closed, and by a shutdown hook if the harness is interrupted (Ctrl-C) or fails first.
 *
 * <p>Thread-safe.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final ProcessTree tree;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    /**
     * Starts a JVM.
     *
     * @param command the full command line
     * @param label what to put before each of its output lines
     * @param echo where to copy its output
     * @throws IOException if it cannot be started
     */
    ChildJvm(List<String> command, String label, PrintStream echo) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        tree = new ProcessTree(process, "child-jvm-killer-" + process.pid());
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    echo.println("[" + label + "] " + line);
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "child-jvm-reader-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Returns the process id. */
    long pid() {
        return process.pid();
    }

    /**
     * Waits for an output line that starts with a prefix, skipping others.
     *
     * @return the line, or empty if the process ended or the time ran out first
     */
    Optional<String> awaitLine(String prefix, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (;;) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            String line = lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            if (line == null) {
                if (!process.isAlive() && lines.isEmpty()) {
                    return Optional.empty();
                }
                continue;
            }
            if (line.startsWith(prefix)) {
                return Optional.of(line);
            }
        }
    }

    /** Kills the JVM and everything it started, and waits up to 30 s for it to be gone. */
    @Override
    public void close() {
        tree.close();
    }
}
