package dev.smarttracer.internal.engine;

/**
 * Tells whether the current thread is already inside the tracer, so that what the tracer itself
 * runs (snapshots calling {@code toString()}, handlers, bytecode changes) is never traced.
 *
 * <p>{@link #tryEnter()} hands back the thread's own {@link Inside} flag, and the caller leaves by
 * clearing it with a plain field store. Leaving therefore calls no method: a
 * {@link StackOverflowError} on a traced thread, which can strike at any call, can never leave a
 * thread marked inside for good. The tracer's own threads enter once and never leave.
 *
 * <p>Thread-safe: each thread sees its own flag.
 */
final class ReentryGuard {

    /** One thread's flag; only that thread reads or writes it. */
    static final class Inside {
        /** Whether the thread is inside the tracer; the holder clears it to leave. */
        boolean value;
    }

    private final ThreadLocal<Inside> inside = ThreadLocal.withInitial(Inside::new);

    /**
     * Marks the current thread inside the tracer, unless it already is.
     *
     * @return the thread's flag, to clear when leaving, or {@code null} if the thread was already
     *     inside (and must not enter again)
     */
    Inside tryEnter() {
        Inside flag = inside.get();
        if (flag.value) {
            return null;
        }
        flag.value = true;
        return flag;
    }

    /** Tells whether the current thread is inside the tracer. */
    boolean isInside() {
        return inside.get().value;
    }
}
