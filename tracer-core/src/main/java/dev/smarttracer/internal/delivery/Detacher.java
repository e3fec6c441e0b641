package dev.smarttracer.internal.delivery;

/**
 * Takes a finished trace's probes out of the running code; the dispatcher asks for it on a
 * worker, once per trace, and retries a restore that failed.
 */
public interface Detacher {

    /**
     * Detaches a finished trace: its gates closed, its classes restored unless another trace needs
     * them; then marks it detached ({@link TraceRun#markDetached}), whatever failed.
     *
     * @param trace the trace, which has finished
     * @param finishSeenNanos when the dispatcher saw it finish ({@link System#nanoTime()})
     */
    void detach(TraceRun trace, long finishSeenNanos);

    /** Tells whether some class still carries the code of probes no trace uses, after a failed restore. */
    boolean restorePending();

    /** Tries again to restore the classes whose restore failed; run on a worker. */
    void retryRestore();
}
