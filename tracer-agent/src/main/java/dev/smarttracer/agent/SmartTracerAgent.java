package dev.smarttracer.agent;

import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.Installer;

/**
 * The agent entry point. Loaded with {@code -javaagent}, it hands the JVM's instrumentation to
 * Byte Buddy's installer, where SmartTracer finds it, so the first trace needs no self-attach
 * (and JDK 21+ prints no warning about an agent loaded into a running JVM).
 *
 * <p>Keeps no state of its own.
 */
public final class SmartTracerAgent {

    private SmartTracerAgent() {
    }

    /**
     * Called by the JVM for {@code -javaagent:tracer-agent.jar}.
     *
     * @param arguments the agent's arguments (unused)
     * @param instrumentation the JVM's instrumentation
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        Installer.premain(arguments, instrumentation);
    }

    /**
     * Called by the JVM when the agent is loaded into a running JVM.
     *
     * @param arguments the agent's arguments (unused)
     * @param instrumentation the JVM's instrumentation
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        Installer.agentmain(arguments, instrumentation);
    }
}
