package dev.smarttracer.recorder;

/** Why a trace finished. The first reason to occur wins. */
public enum StopReason {
    /** The requested number of calls was delivered. */
    LIMIT_REACHED("Limit reached."),
    /** More calls started within one rate window than the rate allows. */
    RATE_EXCEEDED("Rate exceeded: more calls started within one window than the trace allows."),
    /** The trace's time limit passed. */
    TIMEOUT("Time limit reached."),
    /** Events were produced faster than handlers took them and the trace's queue filled up. */
    OVERLOAD("Overloaded: the handler fell behind and the event queue filled up."),
    /** The trace's handler threw. */
    HANDLER_FAILED("Handler failed: it threw, so the trace was stopped."),
    /**
     * The trace was stopped by {@code dev.smarttracer.Trace#close()} or
     * {@code dev.smarttracer.SmartTracer#stop()}.
     */
    STOPPED("Stopped."),
    /** The remote client that owned the trace went away. */
    CLIENT_GONE("Client gone: the trace's client disconnected."),
    /** The trace's ticker threw, or SmartTracer failed on the trace's behalf; the log says what. */
    FAILED("Failed: the trace's ticker or SmartTracer itself threw, so the trace was stopped; the log says what.");

    private final String message;

    StopReason(String message) {
        this.message = message;
    }

    /** Returns a one-line explanation for people, e.g. {@code Limit reached.} */
    public String message() {
        return message;
    }
}
