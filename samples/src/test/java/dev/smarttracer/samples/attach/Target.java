package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.samples.DemoService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A target JVM running the demo service, with the samples' run-time class path (tracer-core
 * included: the application has its own SmartTracer). Always killed on close.
 */
final class Target implements AutoCloseable {

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();

    private Target(List<String> prefix, Path jdk, List<String> jvmArgs, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(jdk.resolve("bin/java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath());
        command.add(DemoService.class.getName());
        command.addAll(args);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "target-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the demo service on a JDK and waits until it handles orders. */
    static Target start(Path jdk, String... jvmArgs) throws IOException, InterruptedException {
        return start(jdk, List.of(jvmArgs), List.of());
    }

    /** Starts the demo service on a JDK with service arguments and waits until it handles orders. */
    static Target start(Path jdk, List<String> jvmArgs, List<String> args) throws IOException, InterruptedException {
        return startUnder(List.of(), jdk, jvmArgs, args);
    }

    /** Starts the demo service through a launcher command, such as {@code unshare}. */
    static Target startUnder(List<String> launcher, Path jdk, List<String> jvmArgs, List<String> args)
            throws IOException, InterruptedException {
        Target target = new Target(launcher, jdk, jvmArgs, args);
        try {
            target.expect("DemoService pid");
            return target;
        } catch (RuntimeException | Error | InterruptedException failed) {
            target.close();
            throw failed;
        }
    }

    /** Starts the demo service on this test's JDK. */
    static Target start(String... jvmArgs) throws IOException, InterruptedException {
        return start(Jdks.current(), jvmArgs);
    }

    /** Returns the demo service's class path: its classes and its run-time dependencies. */
    static String classPath() {
        try {
            String dependencies = Files.readString(Path.of(System.getProperty("target.classpath.file")),
                    StandardCharsets.UTF_8).trim();
            return System.getProperty("target.classpath") + java.io.File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException("run the attach tests with ./mvnw verify, which writes the class path", e);
        }
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    /** Sends a command line to the demo service. */
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
                throw new AssertionError("the target never printed " + prefix + "; output: " + output());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Returns everything the target printed so far, standard output and error. */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /**
     * Checks that the target printed nothing but the demo service's own lines, the JVM's warning
     * about a dynamically loaded agent, and the warning of the application's own SmartTracer when
     * it loads its agent (the application logs it, through its SLF4J).
     */
    void assertPrintedOnlyItsOwnLines() {
        assertThat(output()).as("what the target printed: the agent prints nothing")
                .allMatch(line -> line.startsWith("DemoService pid") || line.startsWith("INPROCESS")
                        || line.startsWith("CLASS ") || isJvmDynamicAgentWarning(line)
                        || line.contains("SmartTracer loaded its agent into this running JVM"));
    }

    /** The JVM's own warning (JDK 21+) about an agent loaded into a running JVM, and its lines. */
    static boolean isJvmDynamicAgentWarning(String line) {
        return line.startsWith("WARNING: A Java agent has been loaded dynamically")
                || line.startsWith("WARNING: If a serviceability tool is in use")
                || line.startsWith("WARNING: If a serviceability tool is not in use")
                || line.startsWith("WARNING: Dynamic loading of agents will be disallowed");
    }

    /** Returns the JVM's pid: the process started, or the JVM a launcher started. */
    long jvmPid() {
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .map(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    @Override
    public void close() {
        long jvm = jvmPid();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            // A JVM killed this way runs no shutdown hook: its agent's socket is left, as on a real machine.
            Files.deleteIfExists(ControlSocket.path(jvm));
            Files.deleteIfExists(ControlSocket.path(jvm).getParent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // left for the next agent with this pid, which takes it over
        }
    }
}
