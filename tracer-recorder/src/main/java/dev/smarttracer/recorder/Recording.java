package dev.smarttracer.recorder;

import java.util.List;
import java.util.Objects;

/**
 * What a recorder holds of one trace: its events, how many it dropped or never received, and
 * why the trace stopped. Immutable and thread-safe.
 *
 * @param traceId the trace's id
 * @param calls the events kept, oldest first
 * @param droppedEvents how many of this trace's events the recorder's limits dropped
 * @param lostEvents how many events the tracer reserved for a call but could not deliver, as
 *     reported when the trace finished; 0 while it is still recording
 * @param stopReason why the trace stopped, or {@code null} while it is still recording
 */
public record Recording(long traceId, List<Call> calls, long droppedEvents, long lostEvents, StopReason stopReason) {

    /** Validates the fields and copies the list. */
    public Recording {
        Objects.requireNonNull(calls, "calls");
        calls = List.copyOf(calls);
        if (droppedEvents < 0 || lostEvents < 0) {
            throw new IllegalArgumentException("droppedEvents and lostEvents must be 0 or more; got "
                    + droppedEvents + " and " + lostEvents);
        }
    }

    /** Returns the stats of the events kept, with this recording's lost events. */
    public TraceStats stats() {
        return TraceStats.of(calls).withLost(lostEvents);
    }
}
