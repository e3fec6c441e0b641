package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real machines: a JVM in its own pid namespace (as in a container) is reached as {@code jcmd}
 * reaches it, and a JVM of another OS user is refused with what to do. Both need root to set
 * up here (a pid namespace; a second user), and are skipped with a message otherwise.
 */
@Timeout(300)
class ContainerAndUserIT {

    static boolean root() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(line -> line.matches("Uid:\\s+0\\s+0\\s+0\\s+0"));
    }

    @Test
    void aJvmInItsOwnPidNamespace_isTracedThroughProcRootAndItsOwnPid() throws Exception {
        assumeTrue(root() && Files.isExecutable(Path.of("/usr/bin/unshare")), "needs root and unshare to make a"
                + " pid namespace");
        Path copiedJar = null;
        try (Target target = Target.startUnder(List.of("/usr/bin/unshare", "--pid", "--fork", "--mount-proc",
                "--kill-child"), Jdks.current(), List.of(), List.of())) {
            long hostPid = target.jvmPid();
            String nsPid = Files.readAllLines(Path.of("/proc", Long.toString(hostPid), "status")).stream()
                    .filter(line -> line.startsWith("NSpid:")).findFirst().orElseThrow().split("\\s+")[2];
            assertThat(Long.parseLong(nsPid)).as("the JVM's pid in its own namespace").isNotEqualTo(hostPid);

            Cli.Result traced = Cli.run("trace", Long.toString(hostPid), "com.acme.shop.Pricing#discount", "3",
                    "--local", "--yes");

            assertThat(traced.exitCode()).as(traced.toString()).isZero();
            assertThat(traced.linesWith(" is being called with: [")).hasSize(3);
            assertThat(Path.of("/proc", Long.toString(hostPid), "root/tmp/.smarttracer-" + nsPid, "control"))
                    .as("the agent's socket, named by the pid the JVM sees").exists();
            try (var jars = Files.list(Path.of("/tmp"))) {
                copiedJar = jars.filter(p -> p.getFileName().toString().matches("smarttracer-.*\\.jar")).findFirst()
                        .orElse(null);
            }
            assertThat(copiedJar).as("the jar copied into the JVM's /tmp, which it can open").isNotNull();
            Cli.Result status = Cli.run("status", Long.toString(hostPid));
            assertThat(status.stdout()).anyMatch(line -> line.startsWith("instrumented classes: 0 "));
            Path socketDirectory = Path.of("/tmp/.smarttracer-" + nsPid);
            target.close();
            deleteQuietly(socketDirectory.resolve("control"));
            deleteQuietly(socketDirectory);
            // A JVM killed leaves its performance data, named by the pid it saw: jps and jvms would list it.
            deleteQuietly(Path.of("/tmp/hsperfdata_" + System.getProperty("user.name"), nsPid));
        } finally {
            if (copiedJar != null) {
                Files.deleteIfExists(copiedJar);
            }
        }
    }

    @Test
    void aJvmOfAnotherOsUser_isRefusedWithWhatToDo() throws Exception {
        assumeTrue(root() && Files.isExecutable(Path.of("/usr/sbin/runuser")), "needs root and runuser to run the"
                + " command as a second user");
        try (Target target = Target.start()) {
            List<String> command = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", "nobody", "--",
                    Jdks.current().resolve("bin/java").toString(), "-jar", Cli.agentJar().toString(), "trace",
                    Long.toString(target.pid()), "com.acme.shop.Pricing#price", "1", "--yes"));
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assumeTrue(!output.contains("Permission denied") || output.contains("another OS user"),
                        "user nobody cannot run the jar here: " + output);
                assertThat(cli.exitValue()).as(output).isEqualTo(3);
                assertThat(output.strip()).isEqualTo("cannot attach to pid " + target.pid() + ": it belongs to another"
                        + " OS user (uid 0); run smarttracer as that user");
                assertThat(ControlSocket.path(target.pid())).as("the target is untouched").doesNotExist();
            } finally {
                cli.destroyForcibly();
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover of a test; the next agent with that pid takes it over
        }
    }
}
