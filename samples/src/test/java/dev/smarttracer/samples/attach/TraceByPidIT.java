package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.Recorder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code smarttracer trace} against one running demo service, as a user types it: exact counts,
 * private methods, returns and exceptions, every kind of method selection, refusals, and what
 * the target holds afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class TraceByPidIT {

    private static Target target;
    private static String pid;

    @BeforeAll
    static void startTarget() throws Exception {
        target = Target.start();
        pid = Long.toString(target.pid());
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    @Order(1)
    void privateMethod_withLocal_streamsExactlyFiveCallsAndTheirReturns_thenASummary() throws Exception {
        Cli.Result result = Cli.run("trace", pid, "com.acme.shop.Pricing#discount", "5", "--return", "--local",
                "--record", "--yes");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.linesWith("com.acme.shop.Pricing.discount/2 is being called with: [")).hasSize(5);
        assertThat(result.linesWith("com.acme.shop.Pricing.discount/2 returns: ")).hasSize(5);
        assertThat(result.stdout().get(result.stdout().size() - 1))
                .matches("Limit reached: 5 calls; detached in [0-9.]+ m?s; latency p50 [0-9.]+ .s,"
                        + " p99 [0-9.]+ .s, max [0-9.]+ .s\\.");
    }

    @Test
    @Order(2)
    void afterTheLimit_statusShowsNoTraceAndNoInstrumentedClass() throws Exception {
        Cli.Result status = Cli.run("status", pid);

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout()).contains("active traces: none")
                .anyMatch(line -> line.startsWith("instrumented classes: 0 (probes in this JVM, every SmartTracer"
                        + " engine: 0)"))
                .anyMatch(line -> line.matches("  recording of trace \\d+: 10 events, LIMIT_REACHED, kept 5\\d min more,"
                        + " until \\d\\d:\\d\\d UTC"));
    }

    @Test
    @Order(3)
    void playback_afterTheTracingCommandExited_printsTheRecordingAgain_andExportsIt(@TempDir Path dir)
            throws Exception {
        Cli.Result playback = Cli.run("playback", pid);
        assertThat(playback.exitCode()).as(playback.toString()).isZero();
        assertThat(playback.linesWith("com.acme.shop.Pricing.discount/2 is being called with: [")).hasSize(5);
        assertThat(playback.stdout()).endsWith("Limit reached.");

        Path file = dir.resolve("calls.jsonl");
        Cli.Result export = Cli.run("playback", pid, "--json", "--out", file.toString());
        assertThat(export.exitCode()).as(export.toString()).isZero();
        List<Call> calls = Recorder.readJsonLines(file);
        assertThat(calls).hasSize(10).allMatch(call -> call.methodName().equals("discount"));
        assertThat(calls.stream().filter(call -> call.type() == CallType.RETURN)).hasSize(5);

        Cli.Result fromFile = Cli.run("playback", "--file", file.toString());
        assertThat(fromFile.stdout()).isEqualTo(playback.stdout());
        Cli.Result again = Cli.run("playback", pid);
        assertThat(again.stdout()).as("a playback does not consume the recording").isEqualTo(playback.stdout());
    }

    @Test
    @Order(4)
    void json_eachLineParsesBackIntoACall_andEndsWithTheTraceEnd(@TempDir Path dir) throws Exception {
        Cli.Result result = Cli.run("trace", pid, "com.acme.shop.Inventory#reserve", "7", "--return", "--json",
                "--yes");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Path file = dir.resolve("streamed.jsonl");
        Files.write(file, result.stdout(), StandardCharsets.UTF_8);
        List<Call> calls = Recorder.readJsonLines(file);
        assertThat(calls.stream().filter(call -> call.type() == CallType.CALL)).hasSize(7);
        assertThat(calls.stream().filter(call -> call.type() != CallType.CALL)).hasSize(7);
        assertThat(result.stdout().get(result.stdout().size() - 1)).contains("\"type\":\"TRACE_END\"",
                "\"stopReason\":\"LIMIT_REACHED\"");
        assertThat(result.stderr()).contains("Limit reached: 7 calls");
    }

    @Test
    @Order(5)
    void exceptions_thrownByACallee_andAnImplicitNullPointerException_areReported() throws Exception {
        Cli.Result reserve = Cli.run("trace", pid, "com.acme.shop.Inventory#reserve", "14", "--return", "--yes");
        assertThat(reserve.exitCode()).as(reserve.toString()).isZero();
        assertThat(reserve.linesWith("com.acme.shop.Inventory.reserve/2 raised: com.acme.shop.OutOfStockException:"
                + " out of stock: ")).hasSize(2);

        Cli.Result greeting = Cli.run("trace", pid, "com.acme.shop.Receipts#greeting", "10", "--return", "--yes");
        assertThat(greeting.exitCode()).as(greeting.toString()).isZero();
        // Every fifth order is a guest's (two in any ten greetings), but an order out of stock (every
        // seventh) never reaches its greeting: at most one of those two can be such an order.
        List<String> raised = greeting.linesWith("com.acme.shop.Receipts.greeting/1 raised:"
                + " java.lang.NullPointerException: Cannot invoke \"String.trim()\" because \"customer\" is null");
        assertThat(raised).isNotEmpty();
        assertThat(greeting.linesWith("returns: \"Thank you, ")).hasSize(10 - raised.size());
    }

    @Test
    @Order(6)
    void selections_takeEveryPatternFormOfTheApi() throws Exception {
        for (String pattern : List.of("com.acme.shop.Pricing::price", "com.acme.shop.Pri*#pri*",
                "com.acme.shop.Pricing#price(java.lang.String,int,java.lang.String)",
                "com.acme.shop.Pricing#discount(int, String)")) {
            Cli.Result result = Cli.run("trace", pid, pattern, "3", "--local", "--yes");
            assertThat(result.exitCode()).as(pattern + ": " + result).isZero();
            assertThat(result.linesWith(" is being called with: [")).as(pattern).hasSize(3);
        }
    }

    @Test
    @Order(7)
    void twoCommandLinesAtOnce_eachGetsItsOwnExactCount() throws Exception {
        try (Cli first = Cli.start("trace", pid, "com.acme.shop.Pricing#discount", "40", "--local", "--return");
                Cli second = Cli.start("trace", pid, "com.acme.shop.Pricing#discount", "25", "--local")) {
            Cli.Result one = first.await();
            Cli.Result two = second.await();
            assertThat(one.exitCode()).as(one.toString()).isZero();
            assertThat(two.exitCode()).as(two.toString()).isZero();
            assertThat(one.linesWith(" is being called with: [")).hasSize(40);
            assertThat(one.linesWith(" returns: ")).hasSize(40);
            assertThat(two.linesWith(" is being called with: [")).hasSize(25);
            assertThat(two.linesWith(" returns: ")).isEmpty();
        }
    }

    @Test
    @Order(8)
    void rateAndTimeout_stopTheTraceWithTheirReason() throws Exception {
        Cli.Result rate = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "1000", "--rate", "2/1s");
        assertThat(rate.exitCode()).as(rate.toString()).isZero();
        assertThat(rate.stdout().get(rate.stdout().size() - 1)).startsWith("Rate exceeded: ");

        Cli.Result timeout = Cli.run("trace", pid, "com.acme.shop.OrderService#failures", "10", "--timeout", "1s");
        assertThat(timeout.exitCode()).as(timeout.toString()).isZero();
        assertThat(timeout.stdout()).singleElement().asString().startsWith("Time limit reached: 0 calls; detached in ");
    }

    @Test
    @Order(9)
    void badInput_isOneClearLineAndANonZeroExit_andTheTargetIsUntouched() throws Exception {
        record Case(String[] args, int exitCode, String says) {
        }
        List<Case> cases = List.of(
                new Case(new String[] {"trace", pid, "com.acme.shop.Pricing#discount", "5"}, 1, "--local"),
                new Case(new String[] {"trace", pid, "com.acme.shop.Pricing#discout", "5", "--local"}, 1,
                        "discount"),
                new Case(new String[] {"trace", pid, "com.acme.shop.Nope#x", "5"}, 1, "com.acme.shop.Nope"),
                new Case(new String[] {"trace", pid, "com.acme.shop.Pricing#price", "0"}, 2, "at least 1"),
                new Case(new String[] {"trace", pid, "com.acme.shop.Pricing#price", "5", "--rate", "100"}, 2,
                        "e.g. 100/1s"),
                new Case(new String[] {"trace", pid, "com.acme.shop.Pricing#price", "5", "--timeout", "soon"}, 2,
                        "e.g. 30s"),
                new Case(new String[] {"trace", pid, "java.lang.String#trim", "5"}, 1, "--allow-jdk"),
                new Case(new String[] {"trace", pid, "com.acme.shop.Pricing", "5"}, 2, "e.g. 'com.acme.Foo#bar'"),
                new Case(new String[] {"trace", pid, "com.acme.shop.Pricing#price", "5", "--keep", "999999999999d"},
                        2, "the longest duration accepted is 3650d"),
                new Case(new String[] {"stop", pid, "42"}, 1, "no active trace 42 in pid " + pid
                        + "; `smarttracer status " + pid + "` lists them"),
                new Case(new String[] {"trace", "999999999", "com.acme.shop.Pricing#price", "5"}, 3,
                        "no such process"),
                new Case(new String[] {"tarce", pid}, 2, "Unmatched argument"));
        for (Case bad : cases) {
            Cli.Result result = Cli.run(bad.args());
            assertThat(result.exitCode()).as(String.join(" ", bad.args()) + ": " + result).isEqualTo(bad.exitCode());
            assertThat(result.stdout()).as(String.join(" ", bad.args())).isEmpty();
            assertThat(result.stderr().strip()).as(String.join(" ", bad.args())).doesNotContain("\n")
                    .contains(bad.says());
        }
        String status = ControlSocket.status(target.pid());
        assertThat(ControlSocket.number(status, "instrumentedClasses")).isZero();
        assertThat(status).contains("\"traces\":[]");
    }

    @Test
    @Order(10)
    void stop_endsAnotherClientsTrace_andDropsRecordings() throws Exception {
        try (Cli tracing = Cli.start("trace", pid, "com.acme.shop.Pricing#discount", "1000000", "--local",
                "--record")) {
            tracing.expect("is being called with");
            Cli.Result stop = Cli.run("stop", pid, "--all");
            assertThat(stop.exitCode()).as(stop.toString()).isZero();
            assertThat(stop.stdout()).singleElement().asString().matches("pid \\d+: stopped trace \\d+\\.");
            Cli.Result traced = tracing.await();
            assertThat(traced.exitCode()).as(traced.toString()).isZero();
            assertThat(traced.stdout().get(traced.stdout().size() - 1)).startsWith("Stopped by smarttracer stop: ");
        }
        Cli.Result drop = Cli.run("stop", pid, "--recordings");
        assertThat(drop.stdout()).singleElement().asString().matches("pid \\d+: dropped \\d+ recordings \\(\\d+ events\\)\\.");
        Cli.Result status = Cli.run("status", pid);
        assertThat(status.stdout()).anyMatch(line -> line.startsWith("recorder: 0 events"))
                .noneMatch(line -> line.startsWith("  recording of trace"));
    }

    @Test
    @Order(11)
    void recordings_expireTheirRetentionTimeAfterTheTraceEnded() throws Exception {
        Cli.Result traced = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "2", "--record", "--keep", "1s");
        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        String held = ControlSocket.status(target.pid());
        assertThat(held).contains("\"keptUntil\":\"");
        long deadline = System.nanoTime() + 10_000_000_000L;
        String status = held;
        while (status.contains("\"keptUntil\":\"") && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000);
            status = ControlSocket.status(target.pid());
        }
        assertThat(status).as("the recording is gone within 10 s of a 1 s retention").contains("\"recordings\":[]");
        target.assertPrintedOnlyItsOwnLines();
    }
}
