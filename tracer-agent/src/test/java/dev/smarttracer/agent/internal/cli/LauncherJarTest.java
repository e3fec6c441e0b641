package dev.smarttracer.agent.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import picocli.CommandLine;

class LauncherJarTest {

    @TempDir
    Path dir;

    private Path agentJar(String name, Map<String, String> entries) throws IOException {
        Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
        entries.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
        return agentJarOfBytes(name, bytes);
    }

    private Path agentJarOfBytes(String name, Map<String, byte[]> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String read(JarFile jar, String name) throws IOException {
        return new String(jar.getInputStream(jar.getJarEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theEnginesClassesAndResources_becomeAnOrdinaryJar_storedUncompressed_startingTheCommandLine()
            throws IOException {
        Path agent = agentJar("smarttracer.jar", Map.of(
                "dev/smarttracer/agent/SmartTracerAgent.class", "entry point",
                "smarttracer/engine/", "",
                "smarttracer/engine/a/B.classdata", "class B",
                "smarttracer/engine/a/B$1.classdata", "class B$1",
                "smarttracer/engine/META-INF/services/x.Y", "a provider"));
        Path target = dir.resolve("cache/cli.jar");

        LauncherJar.write(agent, target);

        try (JarFile jar = new JarFile(target.toFile())) {
            assertThat(Collections.list(jar.entries()).stream().map(ZipEntry::getName))
                    .containsExactlyInAnyOrder("META-INF/MANIFEST.MF", "a/B.class", "a/B$1.class", "META-INF/services/x.Y");
            assertThat(read(jar, "a/B.class")).isEqualTo("class B");
            assertThat(read(jar, "a/B$1.class")).isEqualTo("class B$1");
            assertThat(read(jar, "META-INF/services/x.Y")).isEqualTo("a provider");
            assertThat(Collections.list(jar.entries()).stream().filter(e -> !e.getName().startsWith("META-INF/MANIFEST")))
                    .allMatch(entry -> entry.getMethod() == ZipEntry.STORED);
            assertThat(jar.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS))
                    .isEqualTo(SmartTracerCli.class.getName());
        }
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).as("nothing half-written left beside it").containsExactly(target);
        }
        assertThat(Files.getPosixFilePermissions(target)).as("readable as any file, not only by its writer")
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void aJarAlreadyThere_isKept_soThatAnArchiveMadeFromItStillMatches() throws IOException {
        Path target = dir.resolve("cli.jar");
        LauncherJar.write(agentJar("first.jar", Map.of("smarttracer/engine/a/B.classdata", "first")), target);
        long modified = Files.getLastModifiedTime(target).toMillis();

        LauncherJar.write(agentJar("second.jar", Map.of("smarttracer/engine/a/B.classdata", "second")), target);

        try (JarFile jar = new JarFile(target.toFile())) {
            assertThat(read(jar, "a/B.class")).isEqualTo("first");
        }
        assertThat(Files.getLastModifiedTime(target).toMillis()).isEqualTo(modified);
    }

    @Test
    void aJarWithoutAnEngine_isRefused_andLeavesNothing() throws IOException {
        Path agent = agentJar("other.jar", Map.of("com/acme/Main.class", "not ours"));
        Path target = dir.resolve("out/cli.jar");

        assertThatThrownBy(() -> LauncherJar.write(agent, target)).isInstanceOf(IOException.class)
                .hasMessage(agent + " holds no smarttracer/engine/ entries");
        assertThat(target.getParent()).as("nothing written").doesNotExist();
    }

    @Test
    void aJava5ClassFile_becomesAJava8OneThatRunsTheSame_oneWithAJsr_staysAsItWas() throws Exception {
        Path agent = agentJarOfBytes("smarttracer.jar", Map.of(
                "smarttracer/engine/old/Sign.classdata", java5Sign(false),
                "smarttracer/engine/old/Jsr.classdata", java5Sign(true)));
        Path target = dir.resolve("cli.jar");

        LauncherJar.write(agent, target);

        try (JarFile jar = new JarFile(target.toFile())) {
            assertThat(version(jar.getInputStream(jar.getJarEntry("old/Sign.class")).readAllBytes())).isEqualTo(52);
            assertThat(version(jar.getInputStream(jar.getJarEntry("old/Jsr.class")).readAllBytes())).isEqualTo(49);
        }
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {target.toUri().toURL()},
                null)) {
            java.lang.reflect.Method sign = loader.loadClass("old.Sign").getMethod("sign", int.class);
            assertThat(sign.invoke(null, -5)).isEqualTo("negative");
            assertThat(sign.invoke(null, 7)).isEqualTo("not negative");
        }
    }

    @Test
    void picocliAndAsm_asJava8ClassFiles_passTheVerifier() throws Exception {
        for (Class<?> library : List.of(CommandLine.class, ClassReader.class)) {
            Map<String, byte[]> classes = new java.util.HashMap<>();
            Path jarPath = Path.of(library.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (JarFile jar = new JarFile(jarPath.toFile())) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (entry.getName().endsWith(".class") && !entry.getName().contains("module-info")
                            && !entry.getName().startsWith("META-INF/")) {
                        classes.put(entry.getName(), jar.getInputStream(entry).readAllBytes());
                    }
                }
            }
            Map<String, byte[]> upgraded = new java.util.HashMap<>();
            classes.forEach((name, bytes) -> upgraded.put(name, LauncherJar.withFrames(bytes, type -> classes.get(type
                    + ".class"))));
            assertThat(classes.values()).as(jarPath + " is Java 5, as this test assumes")
                    .allMatch(bytes -> version(bytes) == 49);
            assertThat(upgraded.values()).as("every class of " + jarPath + " written as Java 8")
                    .allMatch(bytes -> version(bytes) == 52);
            ClassLoader loader = new ClassLoader(null) {
                @Override
                protected Class<?> findClass(String name) throws ClassNotFoundException {
                    byte[] bytes = upgraded.get(name.replace('.', '/') + ".class");
                    if (bytes == null) {
                        throw new ClassNotFoundException(name);
                    }
                    return defineClass(name, bytes, 0, bytes.length);
                }
            };
            for (String name : upgraded.keySet()) {
                // Linking a class verifies every method of it, with the frames written here.
                Class<?> type = loader.loadClass(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                type.getDeclaredMethods();
            }
        }
    }

    private static int version(byte[] classFile) {
        return (classFile[6] & 0xff) << 8 | (classFile[7] & 0xff);
    }

    /** A Java 5 class old.Sign (or old.Jsr) whose static sign(int) branches, through a jsr in the second. */
    private static byte[] java5Sign(boolean jsr) {
        String name = jsr ? "old/Jsr" : "old/Sign";
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "sign",
                "(I)Ljava/lang/String;", null, null);
        method.visitCode();
        Label notNegative = new Label();
        if (jsr) {
            Label subroutine = new Label();
            Label after = new Label();
            method.visitJumpInsn(Opcodes.JSR, subroutine);
            method.visitJumpInsn(Opcodes.GOTO, after);
            method.visitLabel(subroutine);
            method.visitVarInsn(Opcodes.ASTORE, 1);
            method.visitVarInsn(Opcodes.RET, 1);
            method.visitLabel(after);
        }
        method.visitVarInsn(Opcodes.ILOAD, 0);
        method.visitJumpInsn(Opcodes.IFGE, notNegative);
        method.visitLdcInsn("negative");
        method.visitInsn(Opcodes.ARETURN);
        method.visitLabel(notNegative);
        method.visitLdcInsn("not negative");
        method.visitInsn(Opcodes.ARETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
