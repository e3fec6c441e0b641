package dev.smarttracer.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.acme.Foo;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published jars as a user's build meets them: exactly the API packages exported, ASM and Byte
 * Buddy's attacher relocated inside tracer-core and absent from its pom, and tracing that works
 * with the application's own older Byte Buddy (and its ASM) first on the class path, on this JDK
 * and on the other one.
 */
class PublishedJarsTest {

    private static final Path USER_CLASS_PATH = Path.of(System.getProperty("user.class.path", "target/user-class-path"));

    @Test
    void tracerCoreJar_holdsOnlyRelocatedAsmAttacherAndCaffeine() throws IOException {
        try (JarFile jar = new JarFile(USER_CLASS_PATH.resolve("3-tracer-core.jar").toFile())) {
            List<String> names = jar.stream().map(entry -> entry.getName()).toList();
            assertThat(names).as("classes outside dev.smarttracer").filteredOn(name -> name.endsWith(".class"))
                    .allMatch(name -> name.startsWith("dev/smarttracer/") || name.equals("module-info.class"));
            assertThat(names).as("relocated ASM").contains(
                    "dev/smarttracer/shaded/org/objectweb/asm/ClassReader.class",
                    "dev/smarttracer/shaded/org/objectweb/asm/ClassWriter.class");
            assertThat(names).as("relocated attacher").contains(
                    "dev/smarttracer/shaded/net/bytebuddy/agent/ByteBuddyAgent.class",
                    "dev/smarttracer/shaded/net/bytebuddy/agent/Attacher.class");
            assertThat(names).as("the rest of Byte Buddy").filteredOn(
                    name -> name.startsWith("dev/smarttracer/shaded/net/bytebuddy/") && name.endsWith(".class"))
                    .allMatch(name -> name.startsWith("dev/smarttracer/shaded/net/bytebuddy/agent/"));
            assertThat(names).as("relocated Caffeine, with the generated cache classes it picks by name").contains(
                    "dev/smarttracer/shaded/com/github/benmanes/caffeine/cache/Caffeine.class",
                    "dev/smarttracer/shaded/com/github/benmanes/caffeine/cache/SSMSA.class",
                    "dev/smarttracer/shaded/com/github/benmanes/caffeine/cache/PSAMS.class");
            assertThat(names).noneMatch(name -> name.startsWith("META-INF/versions/"));
            long withoutCaffeine = jar.stream()
                    .filter(entry -> !entry.getName().startsWith("dev/smarttracer/shaded/com/github/benmanes/"))
                    .mapToLong(entry -> entry.getCompressedSize()).sum();
            assertThat(withoutCaffeine).as("the engine, ASM and the attacher, compressed, in bytes")
                    .isLessThan(1024 * 1024);
            assertThat(jar.getEntry("META-INF/licenses/ASM")).as("ASM's licence").isNotNull();
        }
        // Caffeine's cache package is kept whole (about 0.9 MB): it picks its classes by name.
        assertThat(Files.size(USER_CLASS_PATH.resolve("3-tracer-core.jar"))).as("tracer-core.jar in bytes")
                .isLessThan(1536 * 1024);
    }

    @Test
    void publishedModules_exportOnlyTheirApiPackages() {
        ModuleDescriptor core = descriptor("3-tracer-core.jar");
        assertThat(core.name()).isEqualTo("dev.smarttracer.core");
        assertThat(unqualifiedExports(core)).containsExactly("dev.smarttracer");
        assertThat(core.requires().stream().map(ModuleDescriptor.Requires::name))
                .doesNotContain("net.bytebuddy", "net.bytebuddy.agent", "org.objectweb.asm",
                        "com.github.benmanes.caffeine");
        ModuleDescriptor recorder = descriptor("4-tracer-recorder.jar");
        assertThat(unqualifiedExports(recorder)).containsExactly("dev.smarttracer.recorder");
    }

    @Test
    void publishedPom_bringsNoAsmAndNoByteBuddy() throws Exception {
        org.w3c.dom.Document pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of(System.getProperty("tracer.core.pom")).toFile());
        List<String> dependencies = new ArrayList<>();
        org.w3c.dom.NodeList sections = pom.getDocumentElement().getChildNodes();
        for (int i = 0; i < sections.getLength(); i++) {
            if (sections.item(i).getNodeName().equals("dependencies")) {
                org.w3c.dom.NodeList entries =
                        ((org.w3c.dom.Element) sections.item(i)).getElementsByTagName("dependency");
                for (int j = 0; j < entries.getLength(); j++) {
                    org.w3c.dom.Element entry = (org.w3c.dom.Element) entries.item(j);
                    org.w3c.dom.NodeList scope = entry.getElementsByTagName("scope");
                    // Test dependencies of tracer-core (Byte Buddy among them) never reach a user's build.
                    if (scope.getLength() == 0 || !scope.item(0).getTextContent().equals("test")) {
                        dependencies.add(entry.getElementsByTagName("groupId").item(0).getTextContent() + ":"
                                + entry.getElementsByTagName("artifactId").item(0).getTextContent());
                    }
                }
            }
        }
        assertThat(dependencies).contains("org.slf4j:slf4j-api", "dev.smarttracer:tracer-recorder")
                .noneMatch(id -> id.startsWith("net.bytebuddy:") || id.startsWith("org.ow2.asm:")
                        || id.startsWith("com.github.ben-manes.caffeine:"));
    }

    @Test
    void withAnOldByteBuddyFirstOnTheClassPath_tracingWorks_onThisJdk() throws Exception {
        runOldByteBuddyApp(Path.of(System.getProperty("java.home")));
    }

    @Test
    void withAnOldByteBuddyFirstOnTheClassPath_tracingWorks_onTheOtherJdk() throws Exception {
        String other = System.getProperty("other.jdk", "");
        assumeTrue(!other.isBlank(), "no other JDK given (-Dother.jdk=...; .ci/run sets it)");
        runOldByteBuddyApp(Path.of(other));
    }

    private static void runOldByteBuddyApp(Path javaHome) throws Exception {
        List<String> classPath = new ArrayList<>();
        try (Stream<Path> jars = Files.list(USER_CLASS_PATH)) {
            jars.sorted().forEach(jar -> classPath.add(jar.toString()));
        }
        classPath.add(Path.of("target", "classes").toAbsolutePath().toString());
        classPath.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        // The traced application, com.acme, comes from the sample-app module.
        classPath.add(Path.of(Foo.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        List<String> command = List.of(javaHome.resolve("bin").resolve("java").toString(),
                "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading",
                "-cp", String.join(File.pathSeparator, classPath), OldByteBuddyApp.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("APPLICATION BYTE BUDDY FROM 1-byte-buddy-1.14.12.jar",
                    "APPLICATION ASM FROM 0-asm-9.2.jar", "TRACED 3 4 2", "RESTORED");
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static ModuleDescriptor descriptor(String jar) {
        return ModuleFinder.of(USER_CLASS_PATH.resolve(jar)).findAll().iterator().next().descriptor();
    }

    private static Set<String> unqualifiedExports(ModuleDescriptor descriptor) {
        return descriptor.exports().stream().filter(export -> !export.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }
}
