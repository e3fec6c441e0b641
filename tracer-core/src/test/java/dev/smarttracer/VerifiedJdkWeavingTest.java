package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.testsupport.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JVM verifies retransformed classes of the application, not the JDK's own: a JVM that verifies those
 * too traces every method of large JDK classes (loops, switches, handlers, monitors, every type) and checks
 * they still compute the same.
 */
class VerifiedJdkWeavingTest {

    private static final List<String> PATTERNS = List.of("java.util.HashMap#*", "java.util.TreeMap#*",
            "java.util.ArrayList#*", "java.util.concurrent.ConcurrentHashMap#*", "java.util.regex.Pattern#*",
            "java.util.Formatter#*", "java.math.BigInteger#*", "java.util.stream.Collectors#*");

    @Test
    void everyMethodOfLargeJdkClasses_wovenPassesTheVerifier_andComputesTheSame() throws Exception {
        try (ChildJvm child = ChildJvm.start("com.acme.JdkWeavingChild", "-XX:+UnlockDiagnosticVMOptions",
                "-XX:+BytecodeVerificationLocal", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading",
                "-Djdk.attach.allowAttachSelf=true", "-Dpatterns=" + String.join(",", PATTERNS))) {
            child.expect("DONE");
            List<String> results = child.output().stream()
                    .filter(line -> line.startsWith("OK ") || line.startsWith("FAIL ")).toList();
            assertThat(results).as("one result per pattern").hasSize(PATTERNS.size())
                    .allSatisfy(line -> assertThat(line).startsWith("OK "));
            assertThat(results).allSatisfy(line ->
                    assertThat(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).as(line).isPositive());
        }
    }
}
