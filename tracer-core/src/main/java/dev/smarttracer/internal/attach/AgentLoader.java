package dev.smarttracer.internal.attach;

import dev.smarttracer.TracerException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains the JVM's {@link Instrumentation} from the SmartTracer agent, loading the agent into
 * this JVM first if it was not started with it.
 *
 * <p>Every way in goes through the same agent entry point, which hands the instrumentation to the
 * bootstrap bridge: {@code -javaagent:smarttracer.jar} at start-up, or a small agent jar named
 * {@code smarttracer.jar} written to a private temporary directory and loaded now, through the
 * JVM's attach socket ({@link SelfAttach}) or else a helper JVM (Byte Buddy's attacher). The JDK
 * 21+ warning about an agent loaded into a running JVM then names {@code smarttracer.jar}.
 *
 * <p>Loading the first agent late makes HotSpot before JDK 23 discard all its compiled code
 * (JDK-8324241); the first late load warns once about it.
 */
public final class AgentLoader {

    private static final Logger LOG = LoggerFactory.getLogger(AgentLoader.class);
    private static final String BRIDGE = "dev.smarttracer.bridge.v1.Bridge";
    private static final String ENTRY = "dev.smarttracer.agent.SmartTracerAgent";
    /** Where the agent's entry point leaves why it failed (SmartTracerAgent.FAILURE_PROPERTY). */
    private static final String FAILURE_PROPERTY = "smarttracer.agent.failure";
    private static final String AGENT_JAR_HINT = "-javaagent:smarttracer.jar (the agent jar, built as"
            + " tracer-agent/target/smarttracer.jar)";

    private AgentLoader() {
    }

    /**
     * Returns the JVM's instrumentation, loading the agent if needed.
     *
     * @throws TracerException if no way to load the agent works, with every reason and the fix
     */
    public static Instrumentation obtain() {
        Instrumentation published = published();
        if (published != null) {
            return published;
        }
        List<String> reasons = new ArrayList<>();
        Path directory = null;
        Path jar = null;
        try {
            directory = privateDirectory();
            jar = directory.resolve("smarttracer.jar");
            Files.write(jar, agentJar());
            try {
                SelfAttach.load(jar, Duration.ofSeconds(10));
            } catch (IOException failure) {
                reasons.add(failure.getMessage());
                LOG.debug("SmartTracer could not attach to this JVM through its attach socket", failure);
            }
            if (published() == null) {
                try {
                    ByteBuddyAgent.attach(jar.toFile(), Long.toString(ProcessHandle.current().pid()));
                } catch (RuntimeException failure) {
                    reasons.add(String.valueOf(failure.getMessage()));
                }
            }
        } catch (IOException failure) {
            reasons.add("cannot write the agent jar: " + failure);
        } finally {
            deleteQuietly(jar);
            deleteQuietly(directory);
        }
        published = published();
        String agentFailure = System.getProperty(FAILURE_PROPERTY);
        if (published == null && agentFailure != null) {
            // The agent never throws into the JVM's attach code; it leaves why it failed here.
            reasons.add("the agent failed: " + agentFailure);
        }
        if (published == null && reasons.isEmpty()) {
            // The load worked, so the JVM ran some other agentmain of that name: the application's
            // loader found another copy of the entry point first.
            reasons.add("the agent loaded but did not hand over the instrumentation; the class path holds another"
                    + " copy of " + ENTRY + " (" + ClassLoader.getSystemResource(ENTRY.replace('.', '/') + ".class")
                    + "), perhaps an older SmartTracer agent: remove it");
        }
        if (published == null) {
            throw new TracerException("cannot obtain java.lang.instrument.Instrumentation to trace this JVM ("
                    + String.join("; ", reasons) + "). Start the JVM with " + AGENT_JAR_HINT + ", or allow loading"
                    + " an agent into it (remove -XX:-EnableDynamicAgentLoading and -XX:+DisableAttachMechanism)", null);
        }
        warnIfCompiledCodeIsDiscarded();
        return published;
    }

    /** Returns the instrumentation the agent handed to the bridge, or {@code null}. */
    public static Instrumentation published() {
        try {
            return (Instrumentation) Class.forName(BRIDGE, true, null).getMethod("instrumentation").invoke(null);
        } catch (ClassNotFoundException notYet) {
            return null;
        } catch (ReflectiveOperationException | LinkageError failure) {
            throw new TracerException("the SmartTracer bridge in this JVM does not hand over the instrumentation: "
                    + failure + "; an older SmartTracer agent may be loaded", failure);
        }
    }

    /** Tells whether the agent was loaded with the JVM ({@code -javaagent}). */
    static boolean loadedAtStartup() {
        try {
            return (boolean) Class.forName(BRIDGE, true, null).getMethod("publishedAtStartup").invoke(null);
        } catch (ReflectiveOperationException | LinkageError notLoaded) {
            return false;
        }
    }

    private static void warnIfCompiledCodeIsDiscarded() {
        if (AttachRules.discardsCompiledCodeOnLateAgent(System.getProperty("java.vm.name", ""),
                Runtime.version().feature())) {
            LOG.warn("SmartTracer loaded its agent into this running JVM. HotSpot before JDK 23 then discards all"
                    + " compiled code (JDK-8324241), unless an agent able to redefine classes was loaded at start-up:"
                    + " the application may run several times slower for a few seconds while the JIT compiles it"
                    + " again. Start the JVM with {} to avoid it.", AGENT_JAR_HINT);
        }
    }

    /**
     * Builds the agent jar: the entry point and the nested bridge jar, both from tracer-core's
     * copy of the bridge module, and a manifest naming the entry point.
     */
    private static byte[] agentJar() throws IOException {
        byte[] bridgeJar = BridgeJar.bridgeJar();
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Agent-Class", ENTRY);
        main.putValue("Premain-Class", ENTRY);
        main.putValue("Can-Retransform-Classes", "true");
        main.putValue("Can-Redefine-Classes", "true");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest);
                ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bridgeJar))) {
            String entryPath = ENTRY.substring(0, ENTRY.lastIndexOf('.') + 1).replace('.', '/');
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.getName().startsWith(entryPath) && entry.getName().endsWith(".class")) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            out.putNextEntry(new JarEntry("META-INF/smarttracer/tracer-bridge.jar"));
            out.write(bridgeJar);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static Path privateDirectory() throws IOException {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempDirectory("smarttracer-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory("smarttracer-");
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
}
