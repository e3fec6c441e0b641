package dev.smarttracer.bridge.v1;

/**
 * Receives the entry of a traced method from the advice inlined into it.
 *
 * <p>Implemented by a tracer engine and registered with {@link Bridge#allocate(ProbeSink)}.
 * Called on the application's threads; implementations must not block and must not throw
 * (the advice suppresses throwables, but a throw still costs the caller).
 */
public interface ProbeSink {

    /**
     * Called on entry to a method whose probe gate is open.
     *
     * @param probe the probe id bound into the method's advice
     * @param args the method's arguments, a fresh array the sink may keep reading but must not store
     * @return a {@link CallExit} to be handed the method's outcome, or {@code null} if the call
     *     is not delivered
     */
    CallExit enter(int probe, Object[] args);
}
