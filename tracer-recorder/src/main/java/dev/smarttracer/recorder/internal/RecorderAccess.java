package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.StopReason;

/**
 * The write side of a {@link Recorder}, for the engine that feeds it: not public API.
 *
 * <p>{@code Recorder} implements it privately and registers the implementation with
 * {@link RecorderSecrets}, so the recorder needs no public method that users could call to forge
 * or end a recording. Implementations are thread-safe.
 */
public interface RecorderAccess {

    /**
     * Adds an event to its trace's recording, evicting older events if a bound is passed.
     *
     * @param recorder the recorder to write to
     * @param call the event
     */
    void record(Recorder recorder, Call call);

    /**
     * Marks a trace's recording finished; a trace that recorded nothing gets an empty recording
     * that says why it stopped.
     *
     * @param recorder the recorder to write to
     * @param traceId the trace
     * @param reason why it stopped
     * @param lostEvents how many events the tracer reserved for a call but could not deliver, 0 or more
     * @throws IllegalArgumentException if {@code lostEvents} is negative
     */
    void finish(Recorder recorder, long traceId, StopReason reason, long lostEvents);
}
