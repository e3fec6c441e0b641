package dev.smarttracer.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The SmartTracer agent's entry point, for {@code -javaagent:smarttracer.jar} at start-up, for
 * loads into a running JVM, and for {@code java -jar smarttracer.jar} (the command-line tool): it
 * puts the bootstrap bridge in place, hands the JVM's {@link Instrumentation} to it, where every
 * SmartTracer engine of the JVM finds it, and starts what the agent jar carries in a class loader
 * of its own.
 *
 * <p>The JVM appends an agent's jar to the application's class path, so this class is visible
 * there: it uses JDK types only, keeps no state and does as little as possible. The bridge ships
 * in the agent jar as a nested jar, never as class files on that path (if the application's
 * loader defined its own copy of them, the JVM would later fail with a loader constraint
 * violation). It is defined straight into the bootstrap loader by a private copy of
 * {@link BootstrapDefiner}; appending a jar to the bootstrap search path would work too but makes
 * HotSpot print a class-data-sharing warning on the application's output, so that route is only
 * the fallback.
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
    private static final String BRIDGE = "dev.smarttracer.bridge.v1.Bridge";
    private static final List<String> BRIDGE_CLASSES = List.of(
            "dev.smarttracer.bridge.v1.ProbeSink", "dev.smarttracer.bridge.v1.CallExit", BRIDGE);

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
            handOver(instrumentation, true);
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
            handOver(instrumentation, false);
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

    private static void handOver(Instrumentation instrumentation, boolean atStartup) {
        try {
            installBridge(instrumentation);
            Class.forName(BRIDGE, true, null).getMethod("publish", Instrumentation.class, boolean.class)
                    .invoke(null, instrumentation, atStartup);
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError failure) {
            throw new IllegalStateException("SmartTracer's agent could not install its bridge into the bootstrap"
                    + " class loader: " + failure, failure);
        }
    }

    private static void installBridge(Instrumentation instrumentation)
            throws IOException, ReflectiveOperationException {
        if (inBootstrap()) {
            return;
        }
        byte[] bridgeJar = bridgeJar();
        try {
            defineDirectly(instrumentation, classesOf(bridgeJar));
        } catch (RuntimeException | LinkageError | ReflectiveOperationException direct) {
            if (!inBootstrap()) {
                appendToBootstrap(instrumentation, bridgeJar, direct);
            }
        }
    }

    private static boolean inBootstrap() {
        try {
            Class.forName(BRIDGE, false, null);
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }

    /** Reads the nested bridge jar from this class's own agent jar. */
    private static byte[] bridgeJar() throws IOException {
        ProtectionDomain domain = SmartTracerAgent.class.getProtectionDomain();
        CodeSource source = domain == null ? null : domain.getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                Path own = Path.of(source.getLocation().toURI());
                if (Files.isRegularFile(own)) {
                    try (JarFile jar = new JarFile(own.toFile())) {
                        ZipEntry entry = jar.getEntry(BRIDGE_JAR);
                        if (entry != null) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                return in.readAllBytes();
                            }
                        }
                    }
                }
            } catch (URISyntaxException | IllegalArgumentException notAFile) {
                // fall back to the class path
            }
        }
        try (InputStream in = SmartTracerAgent.class.getResourceAsStream("/" + BRIDGE_JAR)) {
            if (in == null) {
                throw new IOException(BRIDGE_JAR + " is missing from the agent jar; rebuild it with ./mvnw verify");
            }
            return in.readAllBytes();
        }
    }

    private static Map<String, byte[]> classesOf(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (name.endsWith(".class")) {
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), in.readAllBytes());
                }
            }
        }
        if (!classes.keySet().containsAll(BRIDGE_CLASSES)) {
            throw new IOException("the nested bridge jar holds " + classes.keySet() + " instead of " + BRIDGE_CLASSES);
        }
        return classes;
    }

    @SuppressWarnings("unchecked")
    private static void defineDirectly(Instrumentation instrumentation, Map<String, byte[]> classes)
            throws ReflectiveOperationException, IOException {
        String definerName = BootstrapDefiner.class.getName();
        byte[] definerBytes;
        try (InputStream in = SmartTracerAgent.class.getResourceAsStream(
                "/" + definerName.replace('.', '/') + ".class");
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (in == null) {
                throw new IOException("cannot read the class file of " + definerName);
            }
            in.transferTo(out);
            definerBytes = out.toByteArray();
        }
        PrivateLoader loader = new PrivateLoader();
        Class<?> definerType = loader.define(definerName, definerBytes);
        // Only the throwaway loader's module gets the JDK-internal package, never the application.
        instrumentation.redefineModule(Object.class.getModule(), Set.of(),
                Map.of("jdk.internal.misc", Set.of(loader.getUnnamedModule())), Map.of(), Set.of(), Map.of());
        BiFunction<String, byte[], Class<?>> definer =
                (BiFunction<String, byte[], Class<?>>) definerType.getConstructor().newInstance();
        for (String name : BRIDGE_CLASSES) {
            definer.apply(name, classes.get(name));
        }
    }

    private static void appendToBootstrap(Instrumentation instrumentation, byte[] bridgeJar, Throwable direct)
            throws IOException, ClassNotFoundException {
        Path directory = Files.createTempDirectory("smarttracer-");
        Path jar = directory.resolve("tracer-bridge.jar");
        try {
            Files.write(jar, bridgeJar);
            try (JarFile file = new JarFile(jar.toFile())) {
                instrumentation.appendToBootstrapClassLoaderSearch(file);
            }
            for (String name : BRIDGE_CLASSES) {
                Class.forName(name, true, null);
            }
        } catch (IOException | ClassNotFoundException | RuntimeException failure) {
            failure.addSuppressed(direct);
            throw failure;
        } finally {
            // The JVM keeps the jar open; the name can go.
            Files.deleteIfExists(jar);
            Files.deleteIfExists(directory);
        }
    }

    /**
     * Defines a class in the bootstrap class loader. Never used where it is loaded first: a
     * private copy is defined in a throwaway class loader whose module alone may use
     * {@code jdk.internal.misc}. Uses JDK types only.
     */
    public static final class BootstrapDefiner implements BiFunction<String, byte[], Class<?>> {

        /** Creates the definer; called reflectively on the private copy. */
        public BootstrapDefiner() {
        }

        @Override
        public Class<?> apply(String name, byte[] classfile) {
            try {
                Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
                Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
                Method define = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class,
                        int.class, ClassLoader.class, ProtectionDomain.class);
                return (Class<?>) define.invoke(unsafe, name, classfile, 0, classfile.length, null, null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot define " + name + " in the bootstrap class loader", e);
            }
        }
    }

    /** A loader of one class, whose unnamed module is the only one granted JDK internals. */
    private static final class PrivateLoader extends ClassLoader {
        PrivateLoader() {
            super("smarttracer-bootstrap-definer", null);
        }

        Class<?> define(String name, byte[] classfile) {
            return defineClass(name, classfile, 0, classfile.length);
        }
    }

    /**
     * Defines the classes an agent jar stores under {@link #ENGINE_PREFIX}, and serves its
     * resources there, {@code .class} files included (the engine and Byte Buddy read class files
     * through their loader). Classes are looked up in the parent first: the platform class loader
     * in a target JVM, so that the JDK and the bootstrap bridge are visible and the application is
     * not; the system class loader in the command-line tool, whose class path holds nothing else.
     *
     * <p>Thread-safe (parallel capable). The jar stays open while the loader lives.
     */
    public static final class EngineLoader extends ClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final JarFile jar;
        private final URL base;
        private final ProtectionDomain domain;

        /**
         * Opens an agent jar.
         *
         * @param jarPath the agent jar
         * @param parent where classes are looked up first
         * @throws IOException if the jar cannot be read or holds no engine
         */
        public EngineLoader(Path jarPath, ClassLoader parent) throws IOException {
            super("smarttracer", parent);
            this.jar = new JarFile(jarPath.toFile(), false);
            if (jar.stream().noneMatch(e -> e.getName().startsWith(ENGINE_PREFIX))) {
                jar.close();
                throw new IOException(jarPath + " holds no " + ENGINE_PREFIX + " entries; use the smarttracer.jar"
                        + " built by ./mvnw verify (tracer-agent/target/smarttracer.jar)");
            }
            this.base = new URL("jar:" + jarPath.toUri().toURL() + "!/");
            this.domain = new ProtectionDomain(new CodeSource(jarPath.toUri().toURL(), (Certificate[]) null), null,
                    this, null);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            JarEntry entry = entry(name.replace('.', '/') + CLASS_DATA);
            if (entry == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes;
            try (InputStream in = jar.getInputStream(entry)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new ClassNotFoundException(name + ": cannot read " + entry.getName(), e);
            }
            int dot = name.lastIndexOf('.');
            if (dot > 0 && getDefinedPackage(name.substring(0, dot)) == null) {
                try {
                    definePackage(name.substring(0, dot), null, null, null, null, null, null, null);
                } catch (IllegalArgumentException definedMeanwhile) {
                    // another thread defined it first
                }
            }
            return defineClass(name, bytes, 0, bytes.length, domain);
        }

        @Override
        protected URL findResource(String name) {
            JarEntry entry = entry(name.endsWith(".class")
                    ? name.substring(0, name.length() - ".class".length()) + CLASS_DATA : name);
            if (entry == null) {
                return null;
            }
            try {
                return new URL(base, entry.getName());
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        protected Enumeration<URL> findResources(String name) {
            URL found = findResource(name);
            return found == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(found));
        }

        /** Returns the entry a path is stored under. */
        private JarEntry entry(String path) {
            return jar.getJarEntry(ENGINE_PREFIX + path);
        }
    }
}
