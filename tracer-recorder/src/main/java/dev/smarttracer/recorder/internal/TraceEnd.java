package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.Recording;
import dev.smarttracer.recorder.StopReason;
import java.util.Objects;

/**
 * How a recorded trace ended, as a JSON Lines file's {@code TRACE_END} line says it: the
 * bookkeeping of a finished {@link Recording} without its events.
 *
 * @param traceId the trace
 * @param stopReason why it stopped
 * @param droppedEvents how many of its events the recorder's limits dropped
 * @param lostEvents how many events the tracer reserved for a call but could not deliver
 */
public record TraceEnd(long traceId, StopReason stopReason, long droppedEvents, long lostEvents) {

    /** Validates the fields. */
    public TraceEnd {
        Objects.requireNonNull(stopReason, "stopReason");
        if (traceId < 1) {
            throw new IllegalArgumentException("traceId starts at 1; got " + traceId);
        }
        if (droppedEvents < 0 || lostEvents < 0) {
            throw new IllegalArgumentException("droppedEvents and lostEvents must be 0 or more; got "
                    + droppedEvents + " and " + lostEvents);
        }
    }

    /**
     * Returns how a finished recording ended.
     *
     * @param recording a recording whose trace has stopped
     * @return its end
     * @throws IllegalArgumentException if the trace has not stopped
     */
    public static TraceEnd of(Recording recording) {
        if (recording.stopReason() == null) {
            throw new IllegalArgumentException("trace " + recording.traceId() + " is still recording; only a"
                    + " finished recording has an end");
        }
        return new TraceEnd(recording.traceId(), recording.stopReason(), recording.droppedEvents(),
                recording.lostEvents());
    }
}
