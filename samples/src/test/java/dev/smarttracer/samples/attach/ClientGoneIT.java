package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

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
            assertThat(result.stderr()).containsPattern("pid \\d+ (exited|closed the connection) before the trace"
                    + " ended: received \\d+ of 1000000 calls");
            assertThat(result.linesWith(" is being called with: [")).isNotEmpty();
        }
    }
}
