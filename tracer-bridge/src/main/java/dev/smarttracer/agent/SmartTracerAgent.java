package dev.smarttracer.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.function.Consumer;

/**
 * The SmartTracer agent's entry point, for {@code -javaagent:smarttracer.jar} at start-up, for
 * loads into a running JVM, and for {@code java -jar smarttracer.jar} (the command-line tool): it
 * puts the bootstrap bridge in place, hands the JVM's {@link Instrumentation} to it, where every
 * SmartTracer engine of the JVM finds it, and starts what the agent jar carries in a class loader
 * of its own.
 *
 * <p>The JVM appends an agent's jar to the application's class path, so this class is visible
 * there: it uses JDK types only, keeps no state and does as little as possible. The bridge is put
 * in place by {@link BootstrapBridge}, from a jar nested in the agent jar, never from class files
 * on that path (if the application's loader defined its own copy of them, the JVM would later
 * fail with a loader constraint violation).
 *
 * <p>Everything else the agent and the tool run (the engine, the control channel, the
 * command-line tool and their libraries) is stored in {@code smarttracer.jar} under
 * {@value #ENGINE_PREFIX}, with {@code .classdata} for {@code .class}, so the application's class
 * loader never sees it; {@link EngineLoader} defines it, with the platform class loader as
 * parent: the JDK and the bridge are visible to it, the application is not. The attach agent it
 * starts is kept by the bridge ({@code Bridge.publishAgent}), so loading the agent a second time
 * reaches the first.
 *
 * <p>The in-process engine loads a smaller jar with this same class when a JVM was started
 * without the agent. The JVM defines an agent class once per name, and whichever jar came first
 * serves every later load; so this class never relies on its own jar for anything but
 * {@code -javaagent} and {@code java -jar}: a load into a running JVM names the agent jar in its
 * argument ({@value #CONTROL_ARGUMENT}{@code <path>}). A load without that argument only hands
 * over the instrumentation.
 */
public final class SmartTracerAgent {

    /** Where the bridge's jar is nested in an agent jar. */
    public static final String BRIDGE_JAR = "META-INF/smarttracer/tracer-bridge.jar";
    /** Where an agent jar stores the classes and resources it runs, hidden from class loaders. */
    public static final String ENGINE_PREFIX = "smarttracer/engine/";
    /** The suffix that replaces {@code .class} for classes stored under {@link #ENGINE_PREFIX}. */
    public static final String CLASS_DATA = ".classdata";
    /** The argument of a load into a running JVM that starts the attach agent from a given jar. */
    public static final String CONTROL_ARGUMENT = "control=";
    /**
     * The system property in which the agent keeps why it could not start its control channel;
     * cleared when it starts. Never printed: the command line reads it through the attach API.
     */
    public static final String FAILURE_PROPERTY = "smarttracer.agent.failure";
    private static final String ATTACH_AGENT = "dev.smarttracer.agent.internal.target.AttachAgent";
    private static final String COMMAND_LINE = "dev.smarttracer.agent.internal.cli.SmartTracerCli";
    /** The bridge's class, in the bootstrap loader once installed. */
    static final String BRIDGE = "dev.smarttracer.bridge.v1.Bridge";

    private SmartTracerAgent() {
    }

    /**
     * Called by the JVM for {@code -javaagent:smarttracer.jar[=options]}: the agent opens its
     * control channel and waits, dormant, for the first trace, in-process or from the
     * command-line tool. Never throws and prints nothing: if something fails, the application
     * starts all the same, and why is kept in the system property {@value #FAILURE_PROPERTY},
     * where the command line reads it.
     *
     * @param arguments the agent's options, e.g. {@code budget=32m}, or {@code null}
     * @param instrumentation the JVM's instrumentation
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        try {
            BootstrapBridge.handOver(instrumentation, true);
            startAttachAgent(ownJar(), arguments == null ? "" : arguments);
        } catch (Throwable failure) {
            recordFailure(failure);
        }
    }

    /**
     * Called by the JVM when the agent is loaded into it while it runs. With the argument
     * {@value #CONTROL_ARGUMENT}{@code <path of smarttracer.jar>} (the command-line tool passes it)
     * it also starts the attach agent from that jar, or reaches the one already started. Never
     * throws and prints nothing, as {@link #premain} does.
     *
     * @param arguments {@code null}, or {@value #CONTROL_ARGUMENT} and the agent jar's path
     * @param instrumentation the JVM's instrumentation
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        try {
            BootstrapBridge.handOver(instrumentation, false);
            if (arguments != null && arguments.startsWith(CONTROL_ARGUMENT)) {
                startAttachAgent(Path.of(arguments.substring(CONTROL_ARGUMENT.length())), "");
            }
        } catch (Throwable failure) {
            recordFailure(failure);
        }
    }

    /** Keeps why the agent failed where the command line finds it, touching no output stream. */
    private static void recordFailure(Throwable failure) {
        try {
            System.setProperty(FAILURE_PROPERTY, String.valueOf(failure.getMessage()));
        } catch (Throwable cannotRecord) {
            // A security manager, or no memory left: the command line still finds no socket.
        }
    }

    /**
     * Runs the command-line tool, {@code java -jar smarttracer.jar <command>}, and exits with its
     * exit code.
     *
     * @param arguments the command line
     * @throws Exception if the tool cannot be started from this jar
     */
    public static void main(String[] arguments) throws Exception {
        EngineLoader loader = new EngineLoader(ownJar(), ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Method run = loader.loadClass(COMMAND_LINE).getMethod("run", String[].class);
        int exitCode;
        try {
            exitCode = (Integer) run.invoke(null, (Object) arguments);
        } catch (InvocationTargetException failure) {
            throw failure.getCause() instanceof Exception cause ? cause : failure;
        }
        System.exit(exitCode);
    }

    /**
     * Starts the attach agent from a jar, or reaches the one already started; the agent is handed
     * the jar's path and starts its control channel unless it runs already.
     */
    @SuppressWarnings("unchecked")
    private static void startAttachAgent(Path jar, String options) {
        try {
            Class<?> bridge = Class.forName(BRIDGE, true, null);
            Consumer<String> agent = (Consumer<String>) bridge.getMethod("agent").invoke(null);
            if (agent == null) {
                EngineLoader loader = new EngineLoader(jar, ClassLoader.getPlatformClassLoader());
                Consumer<String> created = (Consumer<String>) loader.loadClass(ATTACH_AGENT)
                        .getConstructor().newInstance();
                agent = (Consumer<String>) bridge.getMethod("publishAgent", Consumer.class).invoke(null, created);
            }
            // The jar's path, then the options after a NUL, which no path holds.
            agent.accept(jar + "\0" + options);
        } catch (InvocationTargetException failure) {
            throw new IllegalStateException("SmartTracer's attach agent did not start: " + failure.getCause(),
                    failure.getCause());
        } catch (ReflectiveOperationException | IOException failure) {
            throw new IllegalStateException("SmartTracer's attach agent could not be loaded from " + jar + ": "
                    + failure, failure);
        }
    }

    /** Returns the agent jar this class was loaded from. */
    private static Path ownJar() {
        ProtectionDomain domain = SmartTracerAgent.class.getProtectionDomain();
        CodeSource source = domain == null ? null : domain.getCodeSource();
        try {
            Path jar = source == null || source.getLocation() == null ? null : Path.of(source.getLocation().toURI());
            if (jar == null || !Files.isRegularFile(jar)) {
                throw new IllegalStateException("SmartTracer's agent entry point was not loaded from a jar file ("
                        + (source == null ? "no code source" : source.getLocation()) + "); run it as"
                        + " java -jar smarttracer.jar or -javaagent:smarttracer.jar");
            }
            return jar;
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            throw new IllegalStateException("SmartTracer's agent jar is not a local file: " + source.getLocation(),
                    notAFile);
        }
    }

}
