package dev.smarttracer.internal.engine;

import dev.smarttracer.TracerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Puts the bridge classes into the bootstrap class loader, once per JVM.
 *
 * <p>The bridge ships inside tracer-core as a nested jar resource, never as {@code .class} files
 * on the application class path: if the application's loader defined its own copy first, the
 * JVM would later fail with a loader constraint violation.
 *
 * <p>The classes are defined straight into the bootstrap loader by a private copy of
 * {@link BootstrapDefiner}. Appending a jar to the bootstrap search path would work too, but
 * makes HotSpot print a class-data-sharing warning on the application's standard output; that
 * route is kept only as a fallback.
 */
final class BridgeInstaller {

    static final String RESOURCE = "/META-INF/smarttracer/tracer-bridge.jar";
    static final List<String> CLASSES = List.of(
            "dev.smarttracer.bridge.v1.ProbeSink", "dev.smarttracer.bridge.v1.CallExit",
            "dev.smarttracer.bridge.v1.Bridge");

    private BridgeInstaller() {
    }

    /**
     * Makes sure the bridge is in the bootstrap loader and is the copy this engine links to.
     *
     * @return the bridge's module (the bootstrap loader's unnamed module)
     * @throws TracerException if the bridge cannot be installed
     */
    static synchronized Module install(Instrumentation instrumentation) {
        if (!presentInBootstrap()) {
            Map<String, byte[]> classes = readBridge();
            try {
                defineDirectly(instrumentation, classes);
            } catch (RuntimeException | LinkageError | ReflectiveOperationException direct) {
                if (!presentInBootstrap()) {
                    appendJar(instrumentation, direct);
                }
            }
        }
        Class<?> linked;
        try {
            linked = Class.forName("dev.smarttracer.bridge.v1.Bridge", false, BridgeInstaller.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new TracerException("the SmartTracer bridge is missing after installation", e);
        }
        if (linked.getClassLoader() != null) {
            throw new TracerException("the SmartTracer bridge classes (dev.smarttracer.bridge.v1) were loaded from"
                    + " the application class path by " + linked.getClassLoader() + "; remove tracer-bridge"
                    + " from the class path: tracer-core carries it and installs it itself", null);
        }
        return linked.getModule();
    }

    static boolean presentInBootstrap() {
        try {
            Class.forName("dev.smarttracer.bridge.v1.Bridge", false, null);
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static void defineDirectly(Instrumentation instrumentation, Map<String, byte[]> classes)
            throws ReflectiveOperationException {
        String definerName = BootstrapDefiner.class.getName();
        byte[] definerBytes = read(BridgeInstaller.class.getResourceAsStream(
                "/" + definerName.replace('.', '/') + ".class"), definerName);
        PrivateLoader loader = new PrivateLoader();
        Class<?> definerType = loader.define(definerName, definerBytes);
        instrumentation.redefineModule(Object.class.getModule(), Set.of(),
                Map.of("jdk.internal.misc", Set.of(loader.getUnnamedModule())), Map.of(), Set.of(), Map.of());
        BiFunction<String, byte[], Class<?>> definer =
                (BiFunction<String, byte[], Class<?>>) definerType.getConstructor().newInstance();
        for (String name : CLASSES) {
            definer.apply(name, classes.get(name));
        }
    }

    private static void appendJar(Instrumentation instrumentation, Throwable directFailure) {
        Path directory = null;
        Path jar = null;
        try (InputStream bytes = resource()) {
            directory = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempDirectory("smarttracer-",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("smarttracer-");
            jar = directory.resolve("tracer-bridge.jar");
            Files.copy(bytes, jar);
            try (JarFile file = new JarFile(jar.toFile())) {
                instrumentation.appendToBootstrapClassLoaderSearch(file);
            }
            for (String name : CLASSES) {
                Class.forName(name, true, null);
            }
        } catch (IOException | ClassNotFoundException e) {
            TracerException failure = new TracerException("cannot install the SmartTracer bridge into the bootstrap"
                    + " class loader: " + e + "; check that the temporary directory ("
                    + System.getProperty("java.io.tmpdir") + ") is writable", e);
            failure.addSuppressed(directFailure);
            throw failure;
        } finally {
            deleteQuietly(jar);
            deleteQuietly(directory);
        }
    }

    /** Returns the bridge's class files by binary name, as shipped in this jar. */
    static Map<String, byte[]> readBridge() {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (ZipInputStream jar = new ZipInputStream(resource())) {
            for (ZipEntry entry; (entry = jar.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (name.endsWith(".class")) {
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), jar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new TracerException("cannot read the bridge resource " + RESOURCE, e);
        }
        if (!classes.keySet().containsAll(CLASSES)) {
            throw new TracerException("the bridge resource " + RESOURCE + " holds " + classes.keySet()
                    + " instead of " + CLASSES + "; rebuild with ./mvnw verify", null);
        }
        return classes;
    }

    private static InputStream resource() {
        InputStream bytes = BridgeInstaller.class.getResourceAsStream(RESOURCE);
        if (bytes == null) {
            throw new TracerException("the bridge resource " + RESOURCE + " is missing from tracer-core's jar;"
                    + " rebuild it with ./mvnw verify", null);
        }
        return bytes;
    }

    private static byte[] read(InputStream in, String what) {
        if (in == null) {
            throw new TracerException("cannot read the class file of " + what, null);
        }
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new TracerException("cannot read the class file of " + what, e);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            path.toFile().deleteOnExit();
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
