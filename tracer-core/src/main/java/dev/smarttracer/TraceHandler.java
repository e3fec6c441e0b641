package dev.smarttracer;

import dev.smarttracer.recorder.Call;

/**
 * Receives a trace's events: each CALL, RETURN and EXCEPTION, in order, one at a time.
 *
 * <p>Handlers run on SmartTracer's dispatcher thread, never on the traced application's threads;
 * calls they make to traced methods are not traced. If {@link #handle(Call)} throws, the trace
 * stops with {@link StopReason#HANDLER_FAILED} and the exception is logged; it never reaches
 * the traced application.
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
}
