package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the detach on the code as it runs: the JDK's serviceability agent dumps the class from
 * a live child JVM before tracing, while tracing and after the detach, and the methods' code is
 * compared instruction by instruction.
 */
class RunningBytecodeTest {

    private static final String BRIDGE = "dev/smarttracer/bridge/v1/Bridge";

    @Test
    void tracedMethodReferencesTheBridge_andAfterDetachTheClassIsWhatItWas(@TempDir Path dir) throws Exception {
        Path jhsdb = Path.of(System.getProperty("java.home"), "bin", "jhsdb");
        assumeTrue(Files.isExecutable(jhsdb), "this JDK has no jhsdb: " + jhsdb);
        try (ChildJvm child = new ChildJvm("com.acme.TracedChild", "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+EnableDynamicAgentLoading", "-Djdk.attach.allowAttachSelf=true")) {
            child.expect("READY");
            Path before = dump(jhsdb, child.pid(), dir.resolve("before"));

            child.send("trace");
            child.expect("TRACING");
            Path traced = dump(jhsdb, child.pid(), dir.resolve("traced"));

            child.send("stop");
            assertThat(child.expect("DETACHED")).isEqualTo("DETACHED");
            Path after = dump(jhsdb, child.pid(), dir.resolve("after"));

            Map<String, List<String>> codeBefore = code(before);
            Map<String, List<String>> codeTraced = code(traced);
            Map<String, List<String>> codeAfter = code(after);
            assertThat(callsBridge(codeBefore)).as("methods calling the bridge before tracing").isEmpty();
            assertThat(callsBridge(codeTraced)).as("methods calling the bridge while tracing")
                    .containsExactly("public static java.lang.String bar(java.lang.String);");
            assertThat(callsBridge(codeAfter)).as("methods calling the bridge after detach").isEmpty();
            assertThat(codeAfter).as("every method's running code after detach, instruction for instruction"
                    + " as before tracing").isEqualTo(codeBefore);
            assertThat(child.output()).as("nothing printed by the JVM about tracing")
                    .noneMatch(line -> line.contains("Sharing is only supported") || line.contains("WARNING"));
        }
    }

    private static Path dump(Path jhsdb, long pid, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        Process sa = new ProcessBuilder(jhsdb.toString(), "clhsdb", "--pid", Long.toString(pid))
                .redirectErrorStream(true).start();
        try {
            sa.getOutputStream().write(("dumpclass com.acme.Foo " + out + "\nquit\n").getBytes(StandardCharsets.UTF_8));
            sa.getOutputStream().close();
            String output = new String(sa.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sa.waitFor(120, TimeUnit.SECONDS)).as("jhsdb finished").isTrue();
            Path classFile = out.resolve("com/acme/Foo.class");
            assertThat(classFile).as("jhsdb wrote the class; its output: " + output).exists();
            return classFile;
        } finally {
            sa.destroyForcibly();
        }
    }

    private static List<String> callsBridge(Map<String, List<String>> code) {
        return code.entrySet().stream()
                .filter(method -> method.getValue().stream().anyMatch(insn -> insn.contains(BRIDGE)))
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Lists each method's instructions as javap prints them, without constant-pool indexes. A
     * redefined class keeps old constant-pool entries for frames still running the old code, so
     * the raw bytes of a restored class differ from the original; its methods' code does not.
     */
    private static Map<String, List<String>> code(Path classFile) throws IOException, InterruptedException {
        Path javap = Path.of(System.getProperty("java.home"), "bin", "javap");
        Process process = new ProcessBuilder(javap.toString(), "-c", "-p", classFile.toString())
                .redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("javap: " + text).isZero();
        Map<String, List<String>> methods = new TreeMap<>();
        List<String> current = null;
        for (String line : text.split("\\R")) {
            if (line.startsWith("  ") && !line.startsWith("   ") && line.endsWith(";")) {
                current = new ArrayList<>();
                methods.put(line.trim(), current);
            } else if (current != null && line.matches("\\s+\\d+: .*")) {
                current.add(line.replaceAll("#\\d+(,\\d+)?", "#").trim());
            }
        }
        return methods;
    }
}
