package dev.smarttracer.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Run by failsafe against the packaged jar: CEL is inside it, relocated, and nowhere else. */
class ShadedJarIT {

    private static Path jar() {
        String jar = System.getProperty("tracer.cel.jar");
        assertThat(jar).as("system property tracer.cel.jar, set by failsafe").isNotNull();
        return Path.of(jar);
    }

    @Test
    void everyClassInTheJar_isUnderDevSmarttracer() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            List<String> classes = Collections.list(jar.entries()).stream()
                    .map(JarEntry::getName)
                    .filter(name -> name.endsWith(".class"))
                    .collect(Collectors.toList());

            assertThat(classes).contains("dev/smarttracer/cel/CelCondition.class");
            assertThat(classes).anyMatch(name -> name.startsWith("dev/smarttracer/shaded/dev/cel/"));
            assertThat(classes).allMatch(name -> name.startsWith("dev/smarttracer/"));
        }
    }

    @Test
    void noClassInTheJar_reachesSunMiscUnsafe() throws IOException {
        // JDK 24 and later warn on the application's standard error when a library uses it.
        byte[] unsafe = "sun/misc/Unsafe".getBytes(StandardCharsets.UTF_8);
        byte[] absent = "absent/sun/misc/Unsafe".getBytes(StandardCharsets.UTF_8);
        List<String> users = new ArrayList<>();
        try (JarFile jar = new JarFile(jar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class")) {
                    byte[] bytes = jar.getInputStream(entry).readAllBytes();
                    if (count(bytes, unsafe) > count(bytes, absent)) {
                        users.add(entry.getName());
                    }
                }
            }
        }
        assertThat(users).as("classes naming sun.misc.Unsafe itself").isEmpty();
    }

    private static int count(byte[] haystack, byte[] needle) {
        int found = 0;
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found++;
        }
        return found;
    }

    @Test
    void noServiceFile_reachesTheApplicationsLookups() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            List<String> services = Collections.list(jar.entries()).stream()
                    .map(JarEntry::getName)
                    .filter(name -> name.startsWith("META-INF/services/") && !name.endsWith("/"))
                    .collect(Collectors.toList());

            assertThat(services).allMatch(name -> name.startsWith("META-INF/services/dev.smarttracer."));
        }
    }

    @Test
    void conditionClasses_comeFromTheJar_andUnrelocatedCelIsAbsent() throws Exception {
        Path source = Path.of(CelCondition.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        assertThat(source).isEqualTo(jar());
        assertThatThrownBy(() -> Class.forName("dev.cel.bundle.CelFactory")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("com.google.protobuf.Message")).isInstanceOf(ClassNotFoundException.class);
        assertThat(CelCondition.compile("args[0].customerId == 42", Stage.ENTRY)
                .test(CallInput.entry(new Object[] {new Fixtures.Booby()}, "main"))).isTrue();
    }
}
