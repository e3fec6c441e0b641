package dev.smarttracer.internal.delivery;

import java.lang.reflect.Executable;
import java.util.List;

/**
 * A condition on a call's live values, for an expression language that reads them as values
 * without running the application's code (the command line's {@code --where}). It runs on the
 * calling thread inside the tracer, for every call of a traced method while its trace is active;
 * it must not block, throw or call a method of the application: a failure is its own no match,
 * counted in {@link #failures()}.
 */
public interface LiveCondition {

    /** Tells whether it reads the call's end ({@code result}, {@code exception}, {@code elapsed}). */
    boolean atExit();

    /**
     * Tells whether a call counts.
     *
     * @param arguments the call's live arguments; not to be changed or kept
     * @param thread the calling thread
     * @param returned the live returned value at the exit, else {@code null}
     * @param thrown what the call threw at the exit, else {@code null}
     * @param elapsedNanos how long the call took at the exit, else -1
     * @return whether the call counts; {@code false} when it could not be decided
     */
    boolean test(Object[] arguments, Thread thread, Object returned, Throwable thrown, long elapsedNanos);

    /**
     * Checks, before anything is instrumented, that what it reads of the arguments the methods it
     * will run on can give (an argument index within their arity, say).
     *
     * @param methods the methods the trace selected
     * @throws IllegalArgumentException one line saying what cannot be read and how to fix it
     */
    default void checkAgainst(List<? extends Executable> methods) {
    }

    /** Returns how many evaluations failed, each counted as no match. */
    long failures();

    /** Returns the first or last failure as one line, or {@code null}. */
    String failure();
}
