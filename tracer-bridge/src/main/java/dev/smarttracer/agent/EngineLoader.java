package dev.smarttracer.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the classes an agent jar stores under {@link SmartTracerAgent#ENGINE_PREFIX}, and serves its
 * resources there, {@code .class} files included (the engine and Byte Buddy read class files
 * through their loader). Classes are looked up in the parent first: the platform class loader
 * in a target JVM, so that the JDK and the bootstrap bridge are visible and the application is
 * not; the system class loader in the command-line tool, whose class path holds nothing else.
 *
 * <p>Thread-safe (parallel capable). The jar stays open while the loader lives.
 */
public final class EngineLoader extends ClassLoader {

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
        if (jar.stream().noneMatch(e -> e.getName().startsWith(SmartTracerAgent.ENGINE_PREFIX))) {
            jar.close();
            throw new IOException(jarPath + " holds no " + SmartTracerAgent.ENGINE_PREFIX + " entries; use the"
                    + " smarttracer.jar built by ./mvnw verify (tracer-agent/target/smarttracer.jar)");
        }
        this.base = new URL("jar:" + jarPath.toUri().toURL() + "!/");
        this.domain = new ProtectionDomain(new CodeSource(jarPath.toUri().toURL(), (Certificate[]) null), null,
                this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = entry(name.replace('.', '/') + SmartTracerAgent.CLASS_DATA);
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
                ? name.substring(0, name.length() - ".class".length()) + SmartTracerAgent.CLASS_DATA : name);
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
        return jar.getJarEntry(SmartTracerAgent.ENGINE_PREFIX + path);
    }
}
