package dev.smarttracer.benchmarks.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.smarttracer.benchmarks.ProcessTree;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A process this harness started: a target JVM or a tool's client. Each line of its output
 * (standard error merged into standard output) goes to a consumer on a reader thread as it comes.
 *
 * <p>It is killed, with every process it started, when closed, and by a shutdown hook if the
 * harness is interrupted (Ctrl-C, {@code kill}) or fails first.
 *
 * <p>Thread-safe.
 */
final class Child implements AutoCloseable {

    private final Process process;
    private final ProcessTree tree;
    private final Thread reader;
    private final String name;
    private volatile long exited = -1;

    /**
     * Starts a process.
     *
     * @param command the command line
     * @param directory its working directory
     * @param name what to call it in messages
     * @param lines receives each output line, on the reader thread
     * @throws IOException if it cannot be started
     */
    Child(List<String> command, Path directory, String name, Consumer<String> lines) throws IOException {
        this.name = name;
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        // The tools' clients would read a terminal; they get none, and none of the harness's options.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        process = builder.start();
        process.onExit().thenRun(() -> exited = System.nanoTime());
        tree = new ProcessTree(process, "kill-" + name + "-" + process.pid());
        reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.accept(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "read-" + name + "-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Returns the process id. */
    long pid() {
        return process.pid();
    }

    /** Returns what this process is called in messages. */
    String name() {
        return name;
    }

    /** Returns whether the process is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Returns when the process was seen to end ({@link System#nanoTime()}), or -1 while it runs. */
    long exitedNanos() {
        return exited;
    }

    /** Returns the process's standard input. */
    OutputStream stdin() {
        return process.getOutputStream();
    }

    /**
     * Waits for the process to end and for its output to be read.
     *
     * @return its exit code, or empty if it still runs after the timeout
     */
    java.util.OptionalInt await(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            return java.util.OptionalInt.empty();
        }
        reader.join(unit.toMillis(timeout) + 1_000);
        return java.util.OptionalInt.of(process.exitValue());
    }

    /** Sends SIGTERM (what Ctrl-C amounts to for a JVM: its shutdown hooks run), without waiting. */
    void terminate() {
        process.destroy();
    }

    /** Kills the process and everything it started, and waits up to 30 s for it to be gone. */
    @Override
    public void close() {
        tree.close();
    }
}
