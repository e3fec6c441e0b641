package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves from outside the target that a trace by pid leaves nothing behind: the JDK's
 * serviceability agent ({@code jhsdb}) dumps the traced class as it runs, before, during and
 * after, and its methods are compared instruction by instruction.
 */
@Timeout(300)
class RunningCodeIT {

    private static final String BRIDGE = "dev/smarttracer/bridge/v1/Bridge";
    private static final String TRACED = "com.acme.shop.Pricing";

    @Test
    void afterTheLimit_andAfterAStop_theRunningCodeIsWhatItWasBeforeTracing(@TempDir Path dir) throws Exception {
        Path jhsdb = Jdks.current().resolve("bin/jhsdb");
        assumeTrue(Files.isExecutable(jhsdb), "this JDK has no jhsdb: " + jhsdb);
        try (Target target = Target.start()) {
            String pid = Long.toString(target.pid());
            Cli.Result warmUp = Cli.run("trace", pid, "com.acme.shop.Inventory#reserve", "1", "--yes");
            assertThat(warmUp.exitCode()).as("the agent is loaded before the first dump: " + warmUp).isZero();
            Map<String, List<String>> before = code(dump(jhsdb, target.pid(), dir.resolve("before")));

            Cli.Result limited = Cli.run("trace", pid, "com.acme.shop.Pricing#discount", "5", "--local", "--return");
            assertThat(limited.exitCode()).as(limited.toString()).isZero();
            Map<String, List<String>> afterLimit = code(dump(jhsdb, target.pid(), dir.resolve("after-limit")));

            Map<String, List<String>> traced;
            try (Cli tracing = Cli.start("trace", pid, "com.acme.shop.Pricing#discount", "100000000", "--local")) {
                tracing.expect("is being called with");
                traced = code(dump(jhsdb, target.pid(), dir.resolve("traced")));
                assertThat(Cli.run("stop", pid, "--all").exitCode()).isZero();
                assertThat(tracing.await().exitCode()).isZero();
            }
            Map<String, List<String>> afterStop = code(dump(jhsdb, target.pid(), dir.resolve("after-stop")));

            assertThat(callsBridge(before)).as("methods calling the bridge before tracing").isEmpty();
            assertThat(callsBridge(traced)).as("methods calling the bridge while tracing")
                    .containsExactly("private int discount(int, java.lang.String);");
            assertThat(afterLimit).as("every method's running code after the limit, as before tracing")
                    .isEqualTo(before);
            assertThat(afterStop).as("every method's running code after a stop, as before tracing")
                    .isEqualTo(before);
        }
    }

    /**
     * Dumps the class as it runs. By address: once a running method's old code was kept by a
     * redefinition, clhsdb no longer finds the class by name, though it lists it.
     */
    private static Path dump(Path jhsdb, long pid, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        String listed = clhsdb(jhsdb, pid, "classes");
        String address = listed.lines().filter(line -> line.startsWith(TRACED.replace('.', '/') + " @"))
                .map(line -> line.substring(line.indexOf('@') + 1).trim()).findFirst()
                .orElseThrow(() -> new AssertionError("jhsdb does not list " + TRACED + ": " + listed));
        String output = clhsdb(jhsdb, pid, "dumpclass " + address + " " + out);
        Path classFile = out.resolve(TRACED.replace('.', '/') + ".class");
        assertThat(classFile).as("jhsdb wrote the class; its output: " + output).exists();
        return classFile;
    }

    private static String clhsdb(Path jhsdb, long pid, String command) throws IOException, InterruptedException {
        Process sa = new ProcessBuilder(jhsdb.toString(), "clhsdb", "--pid", Long.toString(pid))
                .redirectErrorStream(true).start();
        try {
            sa.getOutputStream().write((command + "\nquit\n").getBytes(StandardCharsets.UTF_8));
            sa.getOutputStream().close();
            String output = new String(sa.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sa.waitFor(120, TimeUnit.SECONDS)).as("jhsdb finished").isTrue();
            return output.replace("hsdb> ", "\n");
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
     * Lists each method's instructions as javap prints them, without constant-pool indexes (a
     * restored class keeps constant-pool entries for frames that still run the old code).
     */
    private static Map<String, List<String>> code(Path classFile) throws IOException, InterruptedException {
        Path javap = Jdks.current().resolve("bin/javap");
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
