package dev.smarttracer.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM (or a launcher that starts one), its standard output and error read line by line and its
 * standard input written line by line; always killed on close.
 *
 * <p>Thread-safe: one reader thread collects the output; {@link #send} is for one test thread.
 */
public final class ChildJvm implements AutoCloseable {

    private static final long EXPECT_SECONDS = 60;

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> allOutput = new ArrayList<>();

    private ChildJvm(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (allOutput) {
                        allOutput.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "child-jvm-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} on this JVM's {@code java} and class path.
     *
     * @throws IOException if the process cannot be started
     */
    public static ChildJvm start(String mainClass, String... jvmArgs) throws IOException {
        return onClassPath(System.getProperty("java.class.path"), mainClass, jvmArgs);
    }

    /**
     * Starts {@code mainClass} on this JVM's {@code java} and another class path.
     *
     * @throws IOException if the process cannot be started
     */
    public static ChildJvm onClassPath(String classPath, String mainClass, String... jvmArgs) throws IOException {
        return run(List.of(), Path.of(System.getProperty("java.home")), List.of(jvmArgs), classPath, mainClass,
                List.of());
    }

    /**
     * Starts {@code launcher java jvmArgs -cp classPath mainClass args}, with the {@code java} of the JDK
     * {@code jdk}; {@code launcher} may be empty or a command such as {@code unshare ...}.
     *
     * @throws IOException if the process cannot be started
     */
    public static ChildJvm run(List<String> launcher, Path jdk, List<String> jvmArgs, String classPath,
            String mainClass, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.add(jdk.resolve("bin").resolve("java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(Objects.requireNonNull(classPath, "classPath"));
        command.add(Objects.requireNonNull(mainClass, "mainClass"));
        command.addAll(args);
        return new ChildJvm(command);
    }

    /** Returns the process started: the JVM, or the launcher that started it. */
    public Process process() {
        return process;
    }

    /** Returns the pid of the process started. */
    public long pid() {
        return process.pid();
    }

    /**
     * Writes one line to the process's standard input.
     *
     * @throws IOException if the process no longer reads it
     */
    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /**
     * Returns the next output line starting with {@code prefix}, skipping others.
     *
     * @throws AssertionError if no such line comes within 60 s, with everything printed so far
     * @throws InterruptedException if interrupted while waiting
     */
    public String expect(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXPECT_SECONDS);
        for (;;) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("the child JVM (pid " + pid() + ") never printed " + prefix + " in "
                        + EXPECT_SECONDS + " s; its output: " + output());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Returns everything the process printed so far, standard output and error. */
    public List<String> output() {
        synchronized (allOutput) {
            return List.copyOf(allOutput);
        }
    }

    /** Kills the process and what it started, and waits up to 30 s for it to end. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
