package dev.smarttracer;

import dev.smarttracer.recorder.ExceptionInfo;
import java.time.Duration;
import java.util.List;

/**
 * A call that has just ended, as a completion condition ({@link TraceOptions#whenCompleted})
 * sees it: snapshots only, never the application's objects.
 *
 * @param arguments the arguments as they were when the call started, as snapshots, unmodifiable
 * @param returnValue the returned value's snapshot; {@code null} for a {@code void} method or
 *     when the call threw
 * @param exception what the call threw, or {@code null} if it returned
 * @param elapsed how long the call took
 * @param threadName the calling thread's name
 */
public record CompletedCall(List<Object> arguments, Object returnValue, ExceptionInfo exception, Duration elapsed,
        String threadName) {

    /** Tells whether the call ended by throwing. */
    public boolean raised() {
        return exception != null;
    }
}
