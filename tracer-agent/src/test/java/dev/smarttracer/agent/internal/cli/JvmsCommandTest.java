package dev.smarttracer.agent.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code jvms} tells smarttracer's own JVMs from the applications it lists. */
class JvmsCommandTest {

    @TempDir
    Path dir;

    private Path jar(String name, String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream unused = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    @Test
    void aJarWhoseMainIsTheAgentsEntryPoint_isSmartTracer_whateverItsName() throws IOException {
        Files.createDirectories(dir.resolve("tools"));
        jar("tools/st.jar", "dev.smarttracer.agent.SmartTracerAgent");

        assertThat(JvmsCommand.isSmartTracerCommand("tools/st.jar trace 4242 com.acme.Foo#bar 5", dir)).isTrue();
        assertThat(JvmsCommand.isSmartTracerCommand(dir.resolve("tools/st.jar") + " jvms", Path.of("/"))).isTrue();
    }

    @Test
    void theEntryPointAsMainClass_isSmartTracer() {
        assertThat(JvmsCommand.isSmartTracerCommand("dev.smarttracer.agent.SmartTracerAgent status 4242", dir))
                .isTrue();
    }

    @Test
    void theCommandLineAsMainClass_isSmartTracer_asTheLauncherStartsIt() {
        assertThat(JvmsCommand.isSmartTracerCommand("dev.smarttracer.agent.internal.cli.SmartTracerCli trace 4242"
                + " com.acme.Foo#bar 5", dir)).isTrue();
    }

    @Test
    void applications_areNot_evenStartedWithTheAgent() throws IOException {
        jar("service.jar", "com.acme.shop.Main");

        assertThat(JvmsCommand.isSmartTracerCommand("service.jar --port 8080", dir)).isFalse();
        assertThat(JvmsCommand.isSmartTracerCommand("dev.smarttracer.samples.DemoService", dir)).isFalse();
        assertThat(JvmsCommand.isSmartTracerCommand("missing.jar", dir)).isFalse();
        assertThat(JvmsCommand.isSmartTracerCommand("", dir)).isFalse();
    }
}
