package dev.smarttracer.internal.delivery;

import java.lang.reflect.Executable;
import java.util.List;

/**
 * The key of a call for per-key limits, computed from its live values by an expression language
 * that reads them as values (the command line's {@code --distinct}). The same rules as
 * {@link LiveCondition}: on the calling thread inside the tracer; never blocks, throws or calls a
 * method of the application.
 */
public interface LiveKey {

    /** Returned by {@link #key} when the key could not be computed: the call then does not count. */
    Object FAILED = new Object() {
        @Override
        public String toString() {
            return "no key";
        }
    };

    /**
     * Computes a call's key as it starts.
     *
     * @param arguments the call's live arguments; not to be changed or kept
     * @param thread the calling thread
     * @return the key, a plain value (number, string, boolean, list or map of them, or
     *     {@code null}), or {@link #FAILED}
     */
    Object key(Object[] arguments, Thread thread);

    /**
     * Checks, before anything is instrumented, that what it reads of the arguments the methods it
     * will run on can give (an argument index within their arity, say).
     *
     * @param methods the methods the trace selected
     * @throws IllegalArgumentException one line saying what cannot be read and how to fix it
     */
    default void checkAgainst(List<? extends Executable> methods) {
    }

    /** Returns how many keys could not be computed. */
    long failures();

    /** Returns the first or last failure as one line, or {@code null}. */
    String failure();
}
