package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A trace belongs to its command line: killed (SIGKILL) or interrupted (Ctrl-C), the target stops
 * the trace ({@code CLIENT_GONE}) and restores the bytecode within a second, keeping what was
 * recorded; and the target going away ends the command line with what it received.
 */
@Timeout(300)
class ClientGoneIT {

    @Test
    void sigkillOfTheCommandLine_stopsTheTraceAndRestoresTheBytecodeWithinOneSecond_keepingTheRecording()
            throws Exception {
        try (Target target = Target.start();
                Cli tracing = Cli.start("trace", Long.toString(target.pid()), "com.acme.shop.Pricing#discount",
                        "1000000", "--local", "--record", "--yes")) {
            tracing.expect("is being called with");
            assertThat(ControlSocket.number(ControlSocket.status(target.pid()), "instrumentedClasses")).isEqualTo(1);

            tracing.process().destroyForcibly();
            long killed = System.nanoTime();
            assertThat(tracing.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            String status = ControlSocket.status(target.pid());
            while (ControlSocket.number(status, "instrumentedClasses") != 0
                    && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(5)) {
                LockSupport.parkNanos(5_000_000);
                status = ControlSocket.status(target.pid());
            }
            long restoredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

            assertThat(ControlSocket.number(status, "instrumentedClasses")).isZero();
            assertThat(restoredMillis).as("milliseconds from SIGKILL to the class restored").isLessThan(1000);
            assertThat(status).doesNotContain("\"state\":\"ACTIVE\"");
            while (!status.contains("\"stopReason\":\"CLIENT_GONE\"")
                    && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(10)) {
                LockSupport.parkNanos(5_000_000);
                status = ControlSocket.status(target.pid());
            }
            assertThat(status).as("the recording says why its trace stopped").contains("\"stopReason\":\"CLIENT_GONE\"");
            assertThat(ControlSocket.number(status, "events")).as("events kept in the recorder").isPositive();
            target.assertPrintedOnlyItsOwnLines();
        }
    }

    @Test
    void ctrlC_stopsTheTraceInTheTargetFirst_printsWhatWasReceived_andExits130() throws Exception {
        try (Target target = Target.start();
                Cli tracing = Cli.start("trace", Long.toString(target.pid()), "com.acme.shop.Inventory#reserve",
                        "1000000", "--return", "--record", "--yes")) {
            tracing.expect("returns:");

            new ProcessBuilder("kill", "-INT", Long.toString(tracing.process().pid())).start().waitFor();
            Cli.Result result = tracing.await();

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
            String summary = result.stdout().get(result.stdout().size() - 1);
            assertThat(summary).matches("Interrupted: \\d+ calls; detached in .*");
            long calls = Long.parseLong(summary.replaceAll("Interrupted: (\\d+) calls.*", "$1"));
            assertThat(result.linesWith(" is being called with: [")).hasSize((int) calls);
            String status = ControlSocket.status(target.pid());
            assertThat(ControlSocket.number(status, "instrumentedClasses")).isZero();
            assertThat(status).contains("\"stopReason\":\"CLIENT_GONE\"");
        }
    }

    @Test
    void theTargetExitingMidTrace_endsTheCommandLineWithWhatItReceived() throws Exception {
        try (Target target = Target.start();
                Cli tracing = Cli.start("trace", Long.toString(target.pid()), "com.acme.shop.Pricing#price",
                        "1000000", "--yes")) {
            tracing.expect("is being called with");

            target.process().destroyForcibly();
            Cli.Result result = tracing.await();

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(lastLine(result.stderr())).matches("pid " + target.pid() + " exited before the trace ended:"
                    + " received \\d+ of 1000000 calls");
            assertThat(result.linesWith(" is being called with: [")).isNotEmpty();
        }
    }

    @Test
    void aTargetKilledMidTrace_thatItsParentHasNotCollected_isReportedAsExited() throws Exception {
        // The JVM's parent becomes a sleep that never waits for it: killed, it stays a zombie.
        try (Target target = Target.startUnder(List.of("/bin/sh", "-c", "\"$@\" & exec sleep 300", "sh"),
                Jdks.current(), List.of(), List.of())) {
            long jvm = target.jvmPid();
            try (Cli tracing = Cli.start("trace", Long.toString(jvm), "com.acme.shop.Pricing#price", "1000000",
                    "--yes")) {
                tracing.expect("is being called with");

                ProcessHandle.of(jvm).orElseThrow().destroyForcibly();
                Cli.Result result = tracing.await();

                assertThat(Files.readString(Path.of("/proc", Long.toString(jvm), "stat"))).as("the JVM is a zombie")
                        .matches("\\d+ \\(.*\\) Z .*\\s*");
                assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
                String said = lastLine(result.stderr());
                assertThat(said).matches("pid " + jvm + " exited before the trace ended: received \\d+ of 1000000"
                        + " calls");
                long calls = Long.parseLong(said.replaceAll(".*received (\\d+) of.*", "$1"));
                assertThat(result.linesWith(" is being called with: [")).hasSize((int) calls);
            } finally {
                // A JVM killed so runs no shutdown hook: its control socket is left behind.
                Files.deleteIfExists(ControlSocket.path(jvm));
                Files.deleteIfExists(ControlSocket.path(jvm).getParent());
            }
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
