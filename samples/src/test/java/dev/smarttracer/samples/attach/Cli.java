package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar smarttracer.jar ...} as a user would, on a given JDK; always killed. */
final class Cli implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 90;

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> stdout = new ArrayList<>();
    private final Thread reader;

    private Cli(Path jdk, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(jdk.resolve("bin/java").toString());
        // A command lives a second or two: the client compiler alone and one GC thread spare the
        // 2-core machine the server compiler's work, which these short runs never profit from.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-jar");
        command.add(agentJar().toString());
        command.addAll(args);
        stderr = Files.createTempFile("smarttracer-cli-", ".err");
        process = new ProcessBuilder(command).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        process.getOutputStream().close();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (stdout) {
                        stdout.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "cli-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Returns smarttracer.jar as the build made it. */
    static Path agentJar() {
        Path jar = Path.of(System.getProperty("agent.jar", "target/agent/smarttracer.jar"));
        assertThat(jar).as("smarttracer.jar, built by ./mvnw verify").exists();
        return jar;
    }

    /** What a finished command printed and returned. */
    record Result(int exitCode, List<String> stdout, String stderr) {

        /** Returns the lines of standard output that contain a text. */
        List<String> linesWith(String text) {
            return stdout.stream().filter(line -> line.contains(text)).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + stderr;
        }
    }

    /** Runs a command on this test's JDK to its end (at most 90 s). */
    static Result run(String... args) throws IOException, InterruptedException {
        return run(Jdks.current(), args);
    }

    /** Runs a command on a JDK to its end (at most 90 s). */
    static Result run(Path jdk, String... args) throws IOException, InterruptedException {
        try (Cli cli = new Cli(jdk, List.of(args))) {
            return cli.await();
        }
    }

    /** Starts a command on this test's JDK, to be read while it runs. */
    static Cli start(String... args) throws IOException {
        return new Cli(Jdks.current(), List.of(args));
    }

    /** Waits for the command to end (at most 90 s) and returns what it printed. */
    Result await() throws InterruptedException, IOException {
        assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("smarttracer finished within "
                + TIMEOUT_SECONDS + " s; so far: " + stdout()).isTrue();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return new Result(process.exitValue(), stdout(), Files.readString(stderr, StandardCharsets.UTF_8));
    }

    /** Returns the next line of standard output containing a text; fails after 60 s. */
    String expect(String text) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (;;) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("smarttracer never printed " + text + "; stdout: " + stdout() + "; stderr: "
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            if (line.contains(text)) {
                return line;
            }
        }
    }

    Process process() {
        return process;
    }

    List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(stderr);
    }
}
