package dev.smarttracer.agent.internal.cli;

import dev.smarttracer.agent.SmartTracerAgent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Writes the jar the {@code smarttracer} launcher starts the command line from: what
 * {@code smarttracer.jar} stores under {@link SmartTracerAgent#ENGINE_PREFIX}, as ordinary class
 * files and resources, so that the command line's own JVM loads them with its application class
 * loader, and a class-data archive made from that jar can hold them. It serves the command line
 * only: a target JVM never sees this jar.
 *
 * <p>Class files older than Java 6 (picocli's and ASM's are Java 5) are written as Java 8 ones with
 * the stack map frames the JVM's type-checking verifier reads: JDK 21 and later keep old class files
 * out of a class-data archive, and verify them with the slower verifier by inference. Only the
 * version and the frames change; a class whose frames cannot be worked out (a {@code jsr}, a type
 * that cannot be found) is written as it was.
 *
 * <p>Its entries are stored, not compressed: a class the archive does not hold is read without
 * inflating it. The jar is written beside its final name ({@link #partial}), synced, and linked
 * there when complete, so a launcher that runs meanwhile never opens half a jar, and a jar
 * already in place is never replaced (a class-data archive made from it names its size and time).
 */
final class LauncherJar {

    /** Java 6, the first class file version with stack map frames. */
    private static final int FRAMES_VERSION = 50;

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
        Map<String, byte[]> entries = read(agentJar);
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = partial(target);
        Files.deleteIfExists(partial);
        try {
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, SmartTracerCli.class.getName());
            Function<String, byte[]> classFiles = type -> entries.get(type + ".class");
            try (OutputStream file = Files.newOutputStream(partial);
                 JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    byte[] bytes = entry.getValue();
                    store(out, entry.getKey(), entry.getKey().endsWith(".class") ? withFrames(bytes, classFiles) : bytes);
                }
            }
            try (FileChannel written = FileChannel.open(partial, StandardOpenOption.READ)) {
                written.force(true);
            }
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                Files.createLink(target, partial);
            } catch (FileAlreadyExistsException writtenMeanwhile) {
                // another launcher wrote the same jar first: keep that one
            } catch (UnsupportedOperationException | IOException noLinksHere) {
                // a file system without hard links: a move, which never replaces a jar there
                if (!Files.exists(target)) {
                    Files.move(partial, target);
                }
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Returns where this JVM writes a jar before it links it into place: {@code <name>.<pid>.partial}. */
    static Path partial(Path target) {
        return target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
    }

    /** Returns the engine's entries of an agent jar, by their path in the launcher's jar. */
    private static Map<String, byte[]> read(Path agentJar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (JarFile source = new JarFile(agentJar.toFile(), false)) {
            for (Enumeration<JarEntry> all = source.entries(); all.hasMoreElements(); ) {
                JarEntry entry = all.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(SmartTracerAgent.ENGINE_PREFIX)) {
                    continue;
                }
                String path = name.substring(SmartTracerAgent.ENGINE_PREFIX.length());
                if (path.endsWith(SmartTracerAgent.CLASS_DATA)) {
                    path = path.substring(0, path.length() - SmartTracerAgent.CLASS_DATA.length()) + ".class";
                }
                try (InputStream in = source.getInputStream(entry)) {
                    entries.put(path, in.readAllBytes());
                }
            }
        }
        if (entries.isEmpty()) {
            throw new IOException(agentJar + " holds no " + SmartTracerAgent.ENGINE_PREFIX + " entries");
        }
        return entries;
    }

    /**
     * Returns a class file older than Java 6 as a Java 8 one with stack map frames, or the class
     * file as it is if it is newer, or if its frames cannot be worked out.
     *
     * @param classFile the class file
     * @param classFiles the class files of the types it may meet, by internal name; the JDK's are found
     *     without it
     * @return the class file to store
     */
    static byte[] withFrames(byte[] classFile, Function<String, byte[]> classFiles) {
        if (classFile.length < 8 || ((classFile[6] & 0xff) << 8 | (classFile[7] & 0xff)) >= FRAMES_VERSION) {
            return classFile;
        }
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new FramesWriter(classFiles);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName,
                        String[] interfaces) {
                    super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
                }
            }, ClassReader.SKIP_FRAMES);
            return writer.toByteArray();
        } catch (RuntimeException cannot) {
            // a jsr, or a type not found: as it was, verified by inference and kept out of the archive
            return classFile;
        }
    }

    /** Works out frames from the class files themselves, loading no class. */
    private static final class FramesWriter extends ClassWriter {

        private final Function<String, byte[]> classFiles;

        FramesWriter(Function<String, byte[]> classFiles) {
            super(COMPUTE_FRAMES);
            this.classFiles = classFiles;
        }

        @Override
        protected String getCommonSuperClass(String first, String second) {
            ClassReader one = reader(first);
            ClassReader other = reader(second);
            if ((one.getAccess() & Opcodes.ACC_INTERFACE) != 0 || (other.getAccess() & Opcodes.ACC_INTERFACE) != 0) {
                // The verifier takes any interface type as Object.
                return "java/lang/Object";
            }
            List<String> ancestors = new ArrayList<>();
            for (ClassReader type = one; ; type = reader(type.getSuperName())) {
                ancestors.add(type.getClassName());
                if (type.getSuperName() == null) {
                    break;
                }
            }
            for (ClassReader type = other; ; type = reader(type.getSuperName())) {
                if (ancestors.contains(type.getClassName())) {
                    return type.getClassName();
                }
                if (type.getSuperName() == null) {
                    return "java/lang/Object";
                }
            }
        }

        private ClassReader reader(String type) {
            byte[] bytes = classFiles.apply(type);
            if (bytes != null) {
                return new ClassReader(bytes);
            }
            try (InputStream jdk = ClassLoader.getSystemResourceAsStream(type + ".class")) {
                if (jdk == null) {
                    throw new IllegalStateException("no class file for " + type);
                }
                return new ClassReader(jdk);
            } catch (IOException unreadable) {
                throw new IllegalStateException("cannot read the class file of " + type, unreadable);
            }
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
