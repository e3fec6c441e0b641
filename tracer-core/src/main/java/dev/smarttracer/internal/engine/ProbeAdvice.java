package dev.smarttracer.internal.engine;

import dev.smarttracer.bridge.v1.Bridge;
import dev.smarttracer.bridge.v1.CallExit;
import dev.smarttracer.bridge.v1.ProbeSink;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The code inlined into every traced method. It may only use the bootstrap bridge and JDK types,
 * which every class loader can see.
 *
 * <p>Entry: one volatile read (the probe's gate) and, only when it is open, the argument array
 * and one call into the bridge. Exit: nothing unless the call was delivered with returns. Both
 * suppress every throwable, so tracing can never change what the traced method does.
 */
final class ProbeAdvice {

    private ProbeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static CallExit enter(@ProbeId int probe, @Advice.AllArguments Object[] args) {
        ProbeSink sink = Bridge.route(probe);
        // The arguments array is built here, where it is read, and only when the gate is open.
        return sink == null ? null : sink.enter(probe, args);
    }

    // backupArguments = false: the exit reads no argument, so the method's own parameters and
    // "this" keep their slots, and the JVM's helpful NullPointerException messages stay the same.
    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, backupArguments = false)
    static void exit(@Advice.Enter CallExit pending,
            @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
            @Advice.Thrown Throwable thrown) {
        if (pending != null) {
            pending.exit(returned, thrown);
        }
    }
}
