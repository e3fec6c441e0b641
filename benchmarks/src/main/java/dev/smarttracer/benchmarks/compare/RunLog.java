package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * The run's log: every line goes to standard output and to {@code run.log} in the run's folder,
 * with the time of day in front.
 *
 * <p>Thread-safe.
 */
final class RunLog implements AutoCloseable {

    private final PrintStream file;

    RunLog(Path file) {
        try {
            this.file = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log " + file, e);
        }
    }

    /** Writes one line. */
    synchronized void line(String text) {
        String stamped = LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + text;
        System.out.println(stamped);
        file.println(stamped);
    }

    @Override
    public synchronized void close() {
        file.close();
    }
}
