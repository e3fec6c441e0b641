package dev.smarttracer;

/** Whether a trace still delivers new calls. */
public enum TraceState {
    /** New calls are delivered until a limit trips or the trace is stopped. */
    ACTIVE,
    /**
     * No new call is delivered; the original bytecode is being or has been restored. Returns of
     * calls delivered before may still arrive.
     */
    FINISHED
}
