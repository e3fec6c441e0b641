package dev.smarttracer;

import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import java.time.Duration;

/**
 * A handle on one running or finished trace.
 *
 * <p>Thread-safe. Closing it stops the trace (if still active) and waits briefly for the
 * original bytecode to be restored and the events to be handled, so after a try-with-resources
 * block nothing is instrumented and every event has reached its handler.
 */
public interface Trace extends AutoCloseable {

    /** Returns the trace's id, unique within this JVM, from 1. */
    long id();

    /** Returns whether the trace still delivers new calls. */
    TraceState state();

    /** Returns why the trace finished, or {@code null} while it is {@link TraceState#ACTIVE}. */
    StopReason stopReason();

    /**
     * Returns how many CALL events the handler has received so far. Events reach the handler on
     * another thread a moment after the traced calls, so read right after the calls this may
     * still be 0: wait with {@link #awaitCompleted} first to read the final count.
     */
    long delivered();

    /**
     * Waits until the trace has finished and its classes are restored (or are still needed by
     * another active trace).
     *
     * @param timeout how long to wait at most
     * @return {@code true} if detached, {@code false} if the time ran out first
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitDetached(Duration timeout) throws InterruptedException;

    /**
     * Waits until the trace has finished, is detached, and its handler has received every event
     * it will get (returns of delivered calls included, unless one is more than a second late)
     * and its {@link TraceHandler#stopped} notice.
     *
     * @param timeout how long to wait at most
     * @return {@code true} if completed, {@code false} if the time ran out first
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws IllegalStateException if called from this trace's own handler, which would wait for itself
     */
    boolean awaitCompleted(Duration timeout) throws InterruptedException;

    /**
     * Returns the figures of what the handler has received so far: calls, returns, exceptions
     * and latency; once the trace has completed, also the events that never reached the handler
     * ({@link TraceStats#lost()}). Like {@link #delivered()}, they trail the traced calls: wait
     * with {@link #awaitCompleted} first to read the final figures.
     */
    TraceStats stats();

    /**
     * Stops the trace with {@link StopReason#STOPPED} if it is still active, and waits up to
     * five seconds until it has detached and its handler has received (and the recorder
     * recorded) every event, as {@link #awaitCompleted} does. Does not wait when called from a
     * handler. Idempotent.
     */
    @Override
    void close();
}
