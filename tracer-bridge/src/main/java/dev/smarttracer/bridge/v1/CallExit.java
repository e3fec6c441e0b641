package dev.smarttracer.bridge.v1;

/**
 * The pending exit of one delivered call: the advice hands it the method's outcome.
 *
 * <p>Frames that entered before a class was restored keep their old code, so their exit advice
 * still reaches this object after the trace has ended. Called on the application's thread.
 */
public interface CallExit {

    /**
     * Called once when the traced method returns or throws.
     *
     * @param returned the return value, boxed, or {@code null} for {@code void} or on a throw
     * @param thrown the throwable leaving the method, or {@code null} on a normal return
     */
    void exit(Object returned, Throwable thrown);
}
