package dev.smarttracer.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The SmartTracer agent's entry point, for {@code -javaagent:smarttracer.jar} at start-up and for
 * loads into a running JVM: it puts the bootstrap bridge in place and hands the JVM's
 * {@link Instrumentation} to it, where every SmartTracer engine of the JVM finds it.
 *
 * <p>The JVM appends an agent's jar to the application's class path, so this class is visible
 * there: it uses JDK types only, keeps no state and does as little as possible. The bridge ships
 * in the agent jar as a nested jar, never as class files on that path (if the application's
 * loader defined its own copy of them, the JVM would later fail with a loader constraint
 * violation). It is defined straight into the bootstrap loader by a private copy of
 * {@link BootstrapDefiner}; appending a jar to the bootstrap search path would work too but makes
 * HotSpot print a class-data-sharing warning on the application's output, so that route is only
 * the fallback.
 */
public final class SmartTracerAgent {

    /** Where the bridge's jar is nested in an agent jar. */
    public static final String BRIDGE_JAR = "META-INF/smarttracer/tracer-bridge.jar";
    private static final String BRIDGE = "dev.smarttracer.bridge.v1.Bridge";
    private static final List<String> BRIDGE_CLASSES = List.of(
            "dev.smarttracer.bridge.v1.ProbeSink", "dev.smarttracer.bridge.v1.CallExit", BRIDGE);

    private SmartTracerAgent() {
    }

    /**
     * Called by the JVM for {@code -javaagent:smarttracer.jar}: the agent waits, dormant, for the
     * first trace.
     *
     * @param arguments the agent's arguments (unused)
     * @param instrumentation the JVM's instrumentation
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        handOver(instrumentation, true);
    }

    /**
     * Called by the JVM when the agent is loaded into it while it runs.
     *
     * @param arguments the agent's arguments (unused)
     * @param instrumentation the JVM's instrumentation
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        handOver(instrumentation, false);
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
}
