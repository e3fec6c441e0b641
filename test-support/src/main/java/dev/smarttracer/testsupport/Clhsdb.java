package dev.smarttracer.testsupport;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One session of the JDK's serviceability agent's command line ({@code jhsdb clhsdb}) attached to a JVM
 * (its own JVM on the client compiler alone: a session is short, and the machine has two cores),
 * driven one command at a time: each command's output is what it prints before its next prompt. One
 * session for a whole dump, since attaching is what takes seconds. The JVM is paused while it is attached;
 * {@link #close} detaches and kills the session.
 *
 * <p>For one test thread; its reader thread only appends to the output.
 */
final class Clhsdb implements AutoCloseable {

    private static final String PROMPT = "hsdb> ";
    private static final long COMMAND_SECONDS = 120;

    private final Process process;
    private final OutputStream commands;
    private final StringBuilder output = new StringBuilder();
    private int prompts;
    private boolean ended;

    private Clhsdb(Path jhsdb, long pid) throws IOException {
        process = new ProcessBuilder(jhsdb.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "clhsdb",
                "--pid", Long.toString(pid))
                .redirectErrorStream(true).start();
        commands = process.getOutputStream();
        Thread reader = new Thread(this::read, "clhsdb-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a session on the JVM {@code pid} and waits until it is attached. */
    static Clhsdb attach(Path jhsdb, long pid) throws IOException, InterruptedException {
        Clhsdb session = new Clhsdb(jhsdb, pid);
        try {
            session.awaitPrompt(1, "attaching to " + pid);
            return session;
        } catch (RuntimeException | Error | InterruptedException failed) {
            session.close();
            throw failed;
        }
    }

    /** Runs one command and returns what it printed before the next prompt. */
    String run(String command) throws IOException, InterruptedException {
        int start;
        int expected;
        synchronized (output) {
            start = output.length();
            expected = prompts + 1;
        }
        commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
        int end = awaitPrompt(expected, command);
        synchronized (output) {
            return output.substring(start, end);
        }
    }

    /** Returns everything the session printed so far. */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Waits for the {@code count}-th prompt and returns where it starts in the output. */
    private int awaitPrompt(int count, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_SECONDS);
        synchronized (output) {
            while (prompts < count) {
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError("jhsdb clhsdb " + (ended ? "ended" : "did not answer in "
                            + COMMAND_SECONDS + " s") + " while " + what + "; it printed: " + output);
                }
                TimeUnit.NANOSECONDS.timedWait(output, left);
            }
            return output.length() - PROMPT.length();
        }
    }

    private void read() {
        char[] buffer = new char[8192];
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (output) {
                    output.append(buffer, 0, n);
                    // A prompt is the last thing clhsdb prints before it waits for the next command.
                    int promptAt = output.length() - PROMPT.length();
                    if (promptAt >= 0 && output.indexOf(PROMPT, promptAt) == promptAt) {
                        prompts++;
                        output.notifyAll();
                    }
                }
            }
        } catch (IOException ended) {
            // the session is gone
        } finally {
            synchronized (output) {
                ended = true;
                output.notifyAll();
            }
        }
    }

    /** Asks the session to quit, which detaches it from the JVM, and kills it if it has not ended in 30 s. */
    @Override
    public void close() {
        try {
            commands.write("quit\n".getBytes(StandardCharsets.UTF_8));
            commands.close();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException gone) {
            // it ended already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
        }
    }
}
