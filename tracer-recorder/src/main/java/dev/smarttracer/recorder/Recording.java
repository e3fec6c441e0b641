package dev.smarttracer.recorder;

import java.util.List;
import java.util.Objects;

/**
 * What a recorder holds of one trace: its events, how many it had to drop, and why the trace
 * stopped.
 *
 * @param traceId the trace's id
 * @param calls the events kept, oldest first
 * @param droppedEvents how many of this trace's events the recorder's limits dropped
 * @param stopReason the name of the trace's stop reason (e.g. {@code LIMIT_REACHED}), or
 *     {@code null} while the trace is still recording
 */
public record Recording(long traceId, List<Call> calls, long droppedEvents, String stopReason) {

    /** Validates the fields and copies the list. */
    public Recording {
        Objects.requireNonNull(calls, "calls");
        calls = List.copyOf(calls);
        if (droppedEvents < 0) {
            throw new IllegalArgumentException("droppedEvents must be 0 or more; got " + droppedEvents);
        }
    }

    /** Returns the stats of the events kept. */
    public TraceStats stats() {
        return TraceStats.of(calls);
    }
}
