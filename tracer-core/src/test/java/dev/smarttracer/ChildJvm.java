package dev.smarttracer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A second JVM on this test's class path, driven line by line; always killed on close. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> allOutput = new ArrayList<>();

    ChildJvm(String mainClass, String... jvmArgs) throws IOException {
        this(System.getProperty("java.class.path"), mainClass, List.of(jvmArgs));
    }

    /** Starts a JVM on another class path. */
    static ChildJvm onClassPath(String classPath, String mainClass, String... jvmArgs) throws IOException {
        return new ChildJvm(classPath, mainClass, List.of(jvmArgs));
    }

    private ChildJvm(String classPath, String mainClass, List<String> jvmArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
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

    long pid() {
        return process.pid();
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Returns the next output line starting with {@code prefix}, skipping others; fails after 60 s. */
    String expect(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (;;) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("child JVM never printed " + prefix + "; output: " + output());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    List<String> output() {
        synchronized (allOutput) {
            return List.copyOf(allOutput);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
