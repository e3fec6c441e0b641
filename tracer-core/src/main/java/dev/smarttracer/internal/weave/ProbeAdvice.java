package dev.smarttracer.internal.weave;

import dev.smarttracer.bridge.v1.Bridge;
import dev.smarttracer.bridge.v1.CallExit;
import dev.smarttracer.bridge.v1.ProbeSink;

/**
 * What {@link ProbeWeaver} writes into every traced method, in Java: the reference form of the
 * woven code. Never called; {@code internal.engine.PreGuardCalls} reads its bytecode to find what a traced
 * thread runs before the re-entry guard, and a test checks that the woven code calls the bridge
 * exactly as these methods do. It may only use the bootstrap bridge and JDK types, which every
 * class loader can see.
 *
 * <p>Entry: one volatile read (the probe's gate) and, only when it is open, the argument array
 * and one call into the bridge. Exit: nothing unless the call was delivered with returns. The
 * woven code swallows every throwable of both, so tracing can never change what the traced
 * method does.
 */
final class ProbeAdvice {

    private ProbeAdvice() {
    }

    /** On entry: the arguments array is built only when the gate is open, where it is read. */
    static CallExit enter(int probe, Object[] args) {
        ProbeSink sink = Bridge.route(probe);
        return sink == null ? null : sink.enter(probe, args);
    }

    /** On every exit, normal or by a throwable. */
    static void exit(CallExit pending, Object returned, Throwable thrown) {
        if (pending != null) {
            pending.exit(returned, thrown);
        }
    }
}
