package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The {@code jdk.MethodTrace} events of a recording file, as JDK Flight Recorder (JEP 520) and
 * async-profiler's {@code trace=} both write them: how many, and when the first call started.
 *
 * @param events the number of {@code jdk.MethodTrace} events
 * @param first the earliest start time among them, or null if there are none
 */
record MethodTraceFile(long events, Instant first) {

    private static final String EVENT = "jdk.MethodTrace";

    /** Reads a recording file event by event, keeping none. */
    static MethodTraceFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no recording at " + file);
        }
        long events = 0;
        Instant first = null;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (event.getEventType().getName().equals(EVENT)) {
                    events++;
                    Instant start = event.getStartTime();
                    if (first == null || start.isBefore(first)) {
                        first = start;
                    }
                }
            }
        }
        return new MethodTraceFile(events, first);
    }
}
