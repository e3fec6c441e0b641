package dev.smarttracer.agent.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherJarTest {

    @TempDir
    Path dir;

    private Path agentJar(String name, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
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
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).isEmpty();
        }
    }
}
