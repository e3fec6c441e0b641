package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.Recorder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code smarttracer trace --record --background} against the running demo service: the command
 * returns at once, the trace records in the target on its own, within its limit, time limit and
 * rate, until {@code stop} ends it; {@code playback} reads what it recorded, and {@code status}
 * shows it while it runs.
 */
@Timeout(300)
class BackgroundRecordingIT {

    private static final Pattern STARTED = Pattern.compile("Trace (\\d+) records com\\.acme\\.shop\\.Pricing#price"
            + " in pid \\d+ in the background: up to (\\d+) calls?(, for at most \\S+)?\\.");

    private static Target target;
    private static String pid;

    @BeforeAll
    static void startTarget() throws Exception {
        // A heap whose sixteenth (512 MiB) is above the bound of a background trace's queue.
        target = Target.start("-Xmx8g");
        pid = Long.toString(target.pid());
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void theCommandReturnsAtOnce_theTraceRecordsItsLimitOnItsOwn_andPlaybackReadsIt(@TempDir Path dir)
            throws Exception {
        Cli.Result started = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "40", "--return", "--record",
                "--background", "--yes");

        assertThat(started.exitCode()).as(started.toString()).isZero();
        String traceId = traceId(started);
        assertThat(started.stdout()).contains("Read it with: smarttracer playback " + pid + " --trace " + traceId,
                "Stop it with: smarttracer stop " + pid + " " + traceId);
        awaitNoActiveTrace();

        Path file = dir.resolve("calls.jsonl");
        Cli.Result export = Cli.run("playback", pid, "--trace", traceId, "--json", "--out", file.toString());
        assertThat(export.exitCode()).as(export.toString()).isZero();
        List<Call> calls = Recorder.readJsonLines(file);
        assertThat(calls.stream().filter(call -> call.type() == CallType.CALL)).as("exactly the limit").hasSize(40);
        assertThat(calls.stream().filter(call -> call.type() != CallType.CALL)).as("each call's end").hasSize(40);
        Cli.Result playback = Cli.run("playback", pid, "--trace", traceId);
        assertThat(playback.linesWith("com.acme.shop.Pricing.price/3 is being called with: [")).hasSize(40);
        assertThat(playback.stdout()).endsWith("Limit reached.");
        assertDetached();
    }

    @Test
    void stop_endsABackgroundTrace_andStatusShowsItWhileItRuns() throws Exception {
        Cli.Result started = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "100000000", "--record",
                "--background", "--yes");
        String traceId = traceId(started);

        Cli.Result status = Cli.run("status", pid);
        assertThat(status.stdout()).as(status.toString()).anySatisfy(line -> assertThat(line).matches(
                "  trace " + traceId + ": com\\.acme\\.shop\\.Pricing#price, \\d+/100000000 calls, ACTIVE"))
                .contains("    options: --record --background");
        // Bounded in bytes only, and higher than a streaming trace's 64 MiB: it absorbs a pause of the dispatcher.
        assertThat(status.stdout()).anySatisfy(line -> assertThat(line).matches("    waiting for its handler: \\d+"
                + " events, \\d+\\.\\d MiB \\(it ends OVERLOAD past 10000000 events or 256\\.0 MiB\\)"));

        Cli.Result stop = Cli.run("stop", pid, traceId);
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        awaitNoActiveTrace();
        Cli.Result playback = Cli.run("playback", pid, "--trace", traceId);
        assertThat(playback.stdout()).as(playback.toString()).last().asString().startsWith("Stopped");
        assertDetached();
    }

    @Test
    void theTimeLimitAndTheRate_endABackgroundTraceAsTheyEndAnyOther() throws Exception {
        String timed = traceId(Cli.run("trace", pid, "com.acme.shop.Pricing#price", "100000000", "--record",
                "--background", "--timeout", "1s", "--yes"));
        awaitNoActiveTrace();
        assertThat(Cli.run("playback", pid, "--trace", timed).stdout()).last().asString()
                .startsWith("Time limit reached");

        String rated = traceId(Cli.run("trace", pid, "com.acme.shop.Pricing#price", "100000000", "--record",
                "--background", "--rate", "1/1s", "--yes"));
        awaitNoActiveTrace();
        assertThat(Cli.run("playback", pid, "--trace", rated).stdout()).last().asString()
                .startsWith("Rate exceeded");
        assertDetached();
    }

    @Test
    void background_withoutRecord_isOneLine_exit2_andNothingIsAttached() throws Exception {
        Cli.Result refused = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "5", "--background", "--yes");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr().strip().lines()).singleElement().asString()
                .contains("--background keeps the calls in the target only: add --record, and read them with"
                        + " smarttracer playback");
        assertThat(refused.stdout()).isEmpty();
    }

    private static String traceId(Cli.Result started) {
        assertThat(started.exitCode()).as(started.toString()).isZero();
        Matcher matcher = STARTED.matcher(started.stdout().get(0));
        assertThat(matcher.matches()).as(started.toString()).isTrue();
        return matcher.group(1);
    }

    /** Waits, a minute at most, until the target runs no trace: a background trace ends on its own bounds. */
    private static void awaitNoActiveTrace() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String status = ControlSocket.status(target.pid());
        while (!status.contains("\"traces\":[]") && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            status = ControlSocket.status(target.pid());
        }
        assertThat(status).as("no trace runs in the target any more").contains("\"traces\":[]");
    }

    private static void assertDetached() throws Exception {
        String status = ControlSocket.status(target.pid());
        assertThat(ControlSocket.number(status, "instrumentedClasses")).as(status).isZero();
        target.assertPrintedOnlyItsOwnLines();
    }
}
