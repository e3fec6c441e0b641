package dev.smarttracer.cel;

import java.util.Objects;

/**
 * What an expression can see of one call: its live arguments and thread name, and at exit its live
 * result or exception and the time it took.
 *
 * <p>Immutable apart from the live objects it refers to, which are read (never called) only while an
 * expression is evaluated. The argument array is copied; its elements, the result and the exception
 * may be null.
 */
public final class CallInput {
    private static final Object[] NO_ARGS = new Object[0];

    private final Object[] args;
    private final String thread;
    private final boolean exited;
    private final Object result;
    private final Throwable exception;
    private final long elapsedNanos;

    private CallInput(Object[] args, String thread, boolean exited, Object result, Throwable exception,
            long elapsedNanos) {
        Objects.requireNonNull(args, "args");
        this.args = args.length == 0 ? NO_ARGS : args.clone();
        this.thread = Objects.requireNonNull(thread, "thread");
        this.exited = exited;
        this.result = result;
        this.exception = exception;
        this.elapsedNanos = elapsedNanos;
    }

    /**
     * Returns the input of a call on entry.
     *
     * @throws NullPointerException if {@code args} or {@code thread} is null
     */
    public static CallInput entry(Object[] args, String thread) {
        return new CallInput(args, thread, false, null, null, 0);
    }

    /**
     * Returns the input of a call on exit: {@code exception} is null when the call returned, and
     * {@code result} is null when it threw or returns void.
     *
     * @throws NullPointerException if {@code args} or {@code thread} is null
     * @throws IllegalArgumentException if {@code elapsedNanos} is negative
     */
    public static CallInput exit(Object[] args, String thread, Object result, Throwable exception,
            long elapsedNanos) {
        if (elapsedNanos < 0) {
            throw new IllegalArgumentException("elapsedNanos is " + elapsedNanos
                    + "; pass the call's duration in nanoseconds, 0 or more");
        }
        return new CallInput(args, thread, true, result, exception, elapsedNanos);
    }

    int argCount() {
        return args.length;
    }

    Object arg(int index) {
        return args[index];
    }

    /** Returns the name of the thread that made the call. */
    public String thread() {
        return thread;
    }

    /** Returns whether this input was made at exit, so that it has a result, exception and elapsed time. */
    public boolean exited() {
        return exited;
    }

    Object result() {
        return result;
    }

    Throwable exception() {
        return exception;
    }

    long elapsedNanos() {
        return elapsedNanos;
    }
}
