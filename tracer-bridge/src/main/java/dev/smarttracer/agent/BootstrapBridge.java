package dev.smarttracer.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
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
 * Puts the bridge into the bootstrap class loader, where every SmartTracer engine of the JVM and
 * the probe code in any class reach it, and hands the JVM's {@link Instrumentation} to it. The
 * bridge comes from the jar nested in the agent jar ({@value SmartTracerAgent#BRIDGE_JAR}); it is
 * defined straight into the bootstrap loader by a private copy of {@link BootstrapDefiner}, or,
 * failing that, by appending the nested jar to the bootstrap search path, which makes HotSpot
 * print a class-data-sharing warning and so is only the fallback. JDK types only. Stateless.
 */
final class BootstrapBridge {

    private static final String BRIDGE = SmartTracerAgent.BRIDGE;
    private static final String BRIDGE_JAR = SmartTracerAgent.BRIDGE_JAR;
    private static final List<String> BRIDGE_CLASSES = List.of(
            "dev.smarttracer.bridge.v1.ProbeSink", "dev.smarttracer.bridge.v1.CallExit", BRIDGE);

    private BootstrapBridge() {
    }

    static void handOver(Instrumentation instrumentation, boolean atStartup) {
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
