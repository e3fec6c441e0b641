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

    private static final StackWalker WALKER = StackWalker.getInstance();

    private CallerStacks() {
    }

    /**
     * Returns up to {@code depth} frames that called the probe's method: the frames of the tracer
     * and of the method itself are skipped by finding the method's frame, the innermost one, since
     * the probe runs inside it. Empty if the method's frame is not found (the JVM hides it).
     */
    @GuardHeld
    static StackWalker.StackFrame[] callers(Probe probe, int depth) {
        return WALKER.walk(frames -> frames
                .dropWhile(frame -> !isMethod(frame, probe))
                .skip(1)
                .limit(depth)
                .toArray(StackWalker.StackFrame[]::new));
    }

    private static boolean isMethod(StackWalker.StackFrame frame, Probe probe) {
        return isMethod(frame, probe.className, probe.methodName);
    }

    private static boolean isMethod(StackWalker.StackFrame frame, String className, String methodName) {
        return frame.getMethodName().equals(methodName) && frame.getClassName().equals(className);
    }

    /** Takes the callers of this method once, so that the classes a walk needs are loaded. */
    static StackWalker.StackFrame[] warmUp() {
        return WALKER.walk(frames -> frames
                .dropWhile(frame -> !isMethod(frame, CallerStacks.class.getName(), "warmUp"))
                .skip(1)
                .limit(2)
                .toArray(StackWalker.StackFrame[]::new));
    }
}
