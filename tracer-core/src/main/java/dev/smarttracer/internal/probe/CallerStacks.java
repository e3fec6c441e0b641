package dev.smarttracer.internal.probe;

import dev.smarttracer.internal.delivery.Probe;
import dev.smarttracer.internal.reentry.GuardHeld;

/**
 * Takes the stack that called a traced method, on the calling thread, for traces that ask for
 * caller stacks: the frames below the traced method's own, its direct caller first. Only the
 * frames are kept here; their names and lines are read later, on the dispatcher
 * ({@link dev.smarttracer.internal.delivery.Event#toCall()}).
 *
 * <p>A call's callers are the same at its entry and its exit (each waits in the call), so a call
 * decided at its exit takes its stack there, and only if it passes. Thread-safe.
 */
final class CallerStacks {

    /** Keeps each frame's class, so that finding the traced method's frame compares classes, not names. */
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private CallerStacks() {
    }

    /**
     * Returns up to {@code depth} frames that called the probe's method: the frames of the tracer
     * and of the method itself are skipped by finding the method's frame, the innermost one, since
     * the probe runs inside it. Empty if the method's frame is not found (the JVM hides it).
     */
    @GuardHeld
    static StackWalker.StackFrame[] callers(Probe probe, int depth) {
        Class<?> owner = probe.owner();
        return WALKER.walk(frames -> frames
                .dropWhile(frame -> (owner != null ? frame.getDeclaringClass() != owner
                        : !frame.getClassName().equals(probe.className))
                        || !frame.getMethodName().equals(probe.methodName))
                .skip(1)
                .limit(depth)
                .toArray(StackWalker.StackFrame[]::new));
    }

    /** Takes the callers of this method once, so that the classes a walk needs are loaded. */
    static StackWalker.StackFrame[] warmUp() {
        return WALKER.walk(frames -> frames
                .dropWhile(frame -> frame.getDeclaringClass() != CallerStacks.class
                        || !frame.getMethodName().equals("warmUp"))
                .skip(1)
                .limit(2)
                .toArray(StackWalker.StackFrame[]::new));
    }
}
