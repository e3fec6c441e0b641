package dev.smarttracer.agent.internal.cli;

import dev.smarttracer.agent.SmartTracerAgent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Writes the jar the {@code smarttracer} launcher starts the command line from: what
 * {@code smarttracer.jar} stores under {@link SmartTracerAgent#ENGINE_PREFIX}, as ordinary class
 * files and resources, so that the command line's own JVM loads them with its application class
 * loader, and a class-data archive made from that jar can hold them. It serves the command line
 * only: a target JVM never sees this jar.
 *
 * <p>Its entries are stored, not compressed: a class the archive does not hold is read without
 * inflating it. The jar is written beside its final name and linked there when complete, so a
 * launcher that runs meanwhile never opens half a jar, and a jar already in place is never
 * replaced (a class-data archive made from it names its size and time).
 */
final class LauncherJar {

    /** The hidden argument with which the launcher asks for the jar: {@code --launcher-jar <path>}. */
    static final String ARGUMENT = "--launcher-jar";

    private LauncherJar() {
    }

    /**
     * Writes the launcher's jar from an agent jar, unless it is there already.
     *
     * @param agentJar the agent jar
     * @param target where the launcher's jar goes
     * @throws IOException if the agent jar cannot be read or the jar cannot be written
     */
    static void write(Path agentJar, Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return;
        }
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, target.getFileName() + ".", ".partial");
        try {
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, SmartTracerCli.class.getName());
            try (JarFile source = new JarFile(agentJar.toFile(), false);
                 OutputStream file = Files.newOutputStream(partial);
                 JarOutputStream out = new JarOutputStream(file, manifest)) {
                int copied = 0;
                for (Enumeration<JarEntry> entries = source.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (entry.isDirectory() || !name.startsWith(SmartTracerAgent.ENGINE_PREFIX)) {
                        continue;
                    }
                    String path = name.substring(SmartTracerAgent.ENGINE_PREFIX.length());
                    if (path.endsWith(SmartTracerAgent.CLASS_DATA)) {
                        path = path.substring(0, path.length() - SmartTracerAgent.CLASS_DATA.length()) + ".class";
                    }
                    try (InputStream in = source.getInputStream(entry)) {
                        store(out, path, in.readAllBytes());
                    }
                    copied++;
                }
                if (copied == 0) {
                    throw new IOException(agentJar + " holds no " + SmartTracerAgent.ENGINE_PREFIX + " entries");
                }
            }
            try {
                Files.createLink(target, partial);
            } catch (FileAlreadyExistsException writtenMeanwhile) {
                // another launcher wrote the same jar first: keep that one
            } catch (UnsupportedOperationException noLinksHere) {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void store(JarOutputStream out, String path, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(path);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        out.putNextEntry(entry);
        out.write(bytes);
        out.closeEntry();
    }
}
