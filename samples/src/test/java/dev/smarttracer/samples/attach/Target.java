package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.samples.DemoService;
import dev.smarttracer.testsupport.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A target JVM running the demo service, with the samples' run-time class path (tracer-core
 * included: the application has its own SmartTracer), or another program ({@link #startProgram}).
 * Always killed on close.
 */
final class Target implements AutoCloseable {

    private final ChildJvm jvm;

    private Target(ChildJvm jvm) {
        this.jvm = jvm;
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
        Target target = new Target(
                ChildJvm.run(launcher, jdk, jvmArgs, classPath(), DemoService.class.getName(), args));
        try {
            target.expect("DemoService pid");
            return target;
        } catch (RuntimeException | Error | InterruptedException failed) {
            target.close();
            throw failed;
        }
    }

    /**
     * Starts another program, {@code mainClass} on {@code classPath}, on this test's JDK, without waiting:
     * the caller waits for the program's own line with {@link #expect}, and closes the target.
     */
    static Target startProgram(String classPath, String mainClass, List<String> jvmArgs, List<String> args)
            throws IOException {
        return new Target(ChildJvm.run(List.of(), Jdks.current(), jvmArgs, classPath, mainClass, args));
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
        return jvm.pid();
    }

    Process process() {
        return jvm.process();
    }

    /** Sends a command line to the demo service. */
    void send(String line) throws IOException {
        jvm.send(line);
    }

    /** Returns the next output line starting with {@code prefix}, skipping others; fails after 60 s. */
    String expect(String prefix) throws InterruptedException {
        return jvm.expect(prefix);
    }

    /** Returns everything the target printed so far, standard output and error. */
    List<String> output() {
        return jvm.output();
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
        return jvm.process().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .map(ProcessHandle::pid).findFirst().orElse(jvm.pid());
    }

    @Override
    public void close() {
        long jvmPid = jvmPid();
        jvm.close();
        try {
            // A JVM killed this way runs no shutdown hook: its agent's socket is left, as on a real machine.
            Files.deleteIfExists(ControlSocket.path(jvmPid));
            Files.deleteIfExists(ControlSocket.path(jvmPid).getParent());
        } catch (IOException ignored) {
            // left for the next agent with this pid, which takes it over
        }
    }
}
