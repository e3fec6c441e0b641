package dev.smarttracer.benchmarks.compare;

import java.io.IOException;

/** One trace or recording a tool runs in a target. */
interface TraceRun {

    /** Returns when the command that started it was started ({@link System#nanoTime()}). */
    long startedNanos();

    /**
     * Waits for the first event where the tool shows events as they come, else for its start
     * command to return.
     *
     * @return the instant of that event or return, or -1 if the time ran out
     */
    long awaitStarted(long timeoutMillis) throws InterruptedException;

    /**
     * Waits for the trace to end by itself (its call budget).
     *
     * @return whether it ended
     */
    boolean awaitEnd(long timeoutMillis) throws InterruptedException;

    /** Ends the trace now, as a user would (Ctrl-C, or the tool's stop command). */
    void stop() throws IOException, InterruptedException;

    /** Returns, once it has ended or been stopped, what it reported. */
    Outcome finish() throws IOException, InterruptedException;
}
