package dev.smarttracer.internal.engine;

import dev.smarttracer.Trace;
import dev.smarttracer.TraceState;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.Recording;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import java.time.Duration;

/** A finished trace as a recording remembers it, handed to handlers during playback. Immutable. */
final class RecordedTrace implements Trace {

    private final Recording recording;

    RecordedTrace(Recording recording) {
        this.recording = recording;
    }

    @Override
    public long id() {
        return recording.traceId();
    }

    @Override
    public TraceState state() {
        return recording.stopReason() == null ? TraceState.ACTIVE : TraceState.FINISHED;
    }

    @Override
    public StopReason stopReason() {
        return recording.stopReason();
    }

    @Override
    public long delivered() {
        return recording.calls().stream().filter(c -> c.type() == CallType.CALL).count();
    }

    @Override
    public boolean awaitDetached(Duration timeout) {
        return state() == TraceState.FINISHED;
    }

    @Override
    public boolean awaitCompleted(Duration timeout) {
        return state() == TraceState.FINISHED;
    }

    @Override
    public TraceStats stats() {
        return recording.stats();
    }

    @Override
    public void close() {
        // A recording has nothing to stop.
    }

    @Override
    public String toString() {
        return "RecordedTrace[id=" + id() + ", stopReason=" + recording.stopReason() + ", events="
                + recording.calls().size() + ", dropped=" + recording.droppedEvents() + "]";
    }
}
