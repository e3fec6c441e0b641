package dev.smarttracer.internal.attach;

import dev.smarttracer.TracerException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The bootstrap bridge as this engine knows it: the bridge module's jar, shipped inside
 * tracer-core as a resource (never as class files on the application class path, where the
 * application's loader could define its own copy and the JVM would later fail with a loader
 * constraint violation), and the check that the bridge this engine links to is the bootstrap
 * loader's. The agent's entry point puts it in place.
 */
public final class BridgeJar {

    static final String RESOURCE = "/META-INF/smarttracer/tracer-bridge.jar";
    private static final String BRIDGE = "dev.smarttracer.bridge.v1.Bridge";

    private BridgeJar() {
    }

    /**
     * Checks that the bridge this engine links to was defined by the bootstrap loader.
     *
     * @return the bridge's module (the bootstrap loader's unnamed module)
     * @throws TracerException if the bridge is missing or came from the application class path
     */
    public static Module linkedModule() {
        Class<?> linked;
        try {
            linked = Class.forName(BRIDGE, false, BridgeJar.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new TracerException("the SmartTracer bridge is missing after the agent was loaded", e);
        }
        if (linked.getClassLoader() != null) {
            throw new TracerException("the SmartTracer bridge classes (dev.smarttracer.bridge.v1) were loaded from"
                    + " the application class path by " + linked.getClassLoader() + "; remove tracer-bridge"
                    + " from the class path: tracer-core carries it and installs it itself", null);
        }
        return linked.getModule();
    }

    /** Returns the bridge module's jar, as shipped in tracer-core. */
    static byte[] bridgeJar() {
        try (InputStream bytes = BridgeJar.class.getResourceAsStream(RESOURCE)) {
            if (bytes == null) {
                throw new TracerException("the bridge resource " + RESOURCE + " is missing from tracer-core's jar;"
                        + " rebuild it with ./mvnw verify", null);
            }
            return bytes.readAllBytes();
        } catch (IOException e) {
            throw new TracerException("cannot read the bridge resource " + RESOURCE, e);
        }
    }

    /** Returns the bridge's class files by binary name, as shipped in tracer-core. */
    public static Map<String, byte[]> readBridge() {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (ZipInputStream jar = new ZipInputStream(new java.io.ByteArrayInputStream(bridgeJar()))) {
            for (ZipEntry entry; (entry = jar.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (name.startsWith("dev/smarttracer/bridge/") && name.endsWith(".class")) {
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), jar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new TracerException("cannot read the bridge resource " + RESOURCE, e);
        }
        return classes;
    }
}
