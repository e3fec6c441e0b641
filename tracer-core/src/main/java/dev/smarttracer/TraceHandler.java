package dev.smarttracer;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.StopReason;

/**
 * Receives a trace's events: each CALL, RETURN and EXCEPTION, in order, one at a time.
 *
 * <p>Handlers run on SmartTracer's dispatcher thread, never on the traced application's threads;
 * calls they make to traced methods are not traced. If {@link #handle(Call)} throws, the trace
 * stops with {@link StopReason#HANDLER_FAILED} and the exception is logged; it never reaches
 * the traced application.
 *
 * <p>Recordings are played back into a handler with {@link SmartTracer#playback(TraceHandler)},
 * which replays them as they were delivered live, drop and stop notices included. (A plain
 * {@code Consumer<Call>} takes a recording's events alone: {@code recorder().playback(consumer)}.)
 */
@FunctionalInterface
public interface TraceHandler {

    /**
     * Handles one event.
     *
     * @param call the event; never {@code null}
     */
    void handle(Call call);

    /**
     * Called once when the trace has finished and its delivered calls have been handled
     * (including their returns, unless those take more than a second longer).
     *
     * @param trace the finished trace; its {@link Trace#stopReason()} says why
     */
    default void stopped(Trace trace) {
    }

    /**
     * Called during playback before a recording's events when the recorder's limits dropped some
     * of them. Not called while tracing live.
     *
     * @param traceId the recorded trace
     * @param events how many of its events were dropped
     */
    default void dropped(long traceId, long events) {
    }

    /**
     * Returns the default handler: logs each event through SLF4J at INFO in SmartTracer's words
     * ({@code com.acme.Foo.bar/1 is being called with: ["Buzz"]}) and the stop reason
     * ({@code Limit reached.}), on the logger {@code dev.smarttracer.SmartTracer}.
     */
    static TraceHandler logging() {
        return new dev.smarttracer.internal.log.LoggingHandler();
    }

    /**
     * Returns a handler that does nothing with the events: for a trace that only records
     * ({@code TraceOptions.defaults().record(true).handler(TraceHandler.discard())}).
     */
    static TraceHandler discard() {
        return call -> {
            // Nothing: the trace only records, or only counts.
        };
    }
}
