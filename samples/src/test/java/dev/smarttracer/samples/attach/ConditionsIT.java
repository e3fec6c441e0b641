package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code smarttracer trace} with conditions against the running demo service: exactly the calls
 * that pass are delivered, a bad expression is refused before anything is attached, and a
 * condition that cannot be evaluated is counted, never thrown into the service.
 */
@Timeout(300)
class ConditionsIT {

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
    void aBadExpression_isOneLineNamingTheColumn_exit2_andNothingIsAttached() throws Exception {
        Cli.Result refused = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "5", "--where", "args[0] <",
                "--yes");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr().strip().lines()).singleElement().asString()
                .contains("--where 'args[0] <': column 10: unexpected end of expression");
        assertThat(refused.stdout()).isEmpty();
        Cli.Result unknown = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "5", "--where", "arg[0] == 1",
                "--yes");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("unknown name 'arg'").contains("args");
        assertThat(ControlSocket.number(ControlSocket.status(target.pid()), "instrumentedClasses")).isZero();
        target.assertPrintedOnlyItsOwnLines();
    }

    @Test
    void whatTheMethodCannotGive_isRefusedByTheTarget_oneLine_andNothingIsAttached() throws Exception {
        Cli.Result beyond = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "5", "--where", "args[3] == 'x'",
                "--yes");
        assertThat(beyond.exitCode()).as(beyond.toString()).isEqualTo(1);
        assertThat(beyond.stderr().strip().lines()).singleElement().asString()
                .contains("--where 'args[3] == 'x'': column 1: args[3] is beyond the arguments of"
                        + " com.acme.shop.Pricing#price(String, int, String), which takes 3: args[0] to args[2]");

        Cli.Result noField = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "5", "--distinct", "args[1].cents",
                "--yes");
        assertThat(noField.exitCode()).as(noField.toString()).isEqualTo(1);
        assertThat(noField.stderr().strip().lines()).singleElement().asString()
                .contains("--distinct 'args[1].cents': column 1: args[1] is an int of com.acme.shop.Pricing#price(");
        assertThat(ControlSocket.number(ControlSocket.status(target.pid()), "instrumentedClasses")).isZero();
        target.assertPrintedOnlyItsOwnLines();
    }

    @Test
    void where_onArguments_deliversExactlyTheCallsForWhichItIsTrue() throws Exception {
        Cli.Result result = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "6", "--where",
                "args[2] == 'WINTER' && args[1] >= 2", "--return", "--yes");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.linesWith("com.acme.shop.Pricing.price/3 is being called with: ")).hasSize(6)
                .allSatisfy(line -> assertThat(line).contains("\"WINTER\"").doesNotContain(", 1, "));
        assertThat(result.linesWith("com.acme.shop.Pricing.price/3 returns: ")).hasSize(6);
        assertThat(result.stdout().get(result.stdout().size() - 1)).startsWith("Limit reached: 6 calls;");
    }

    @Test
    void raised_deliversOnlyCallsThatThrew_theImplicitNullPointerExceptionIncluded() throws Exception {
        Cli.Result result = Cli.run("trace", pid, "com.acme.shop.Receipts#greeting", "3", "--raised", "--return",
                "--yes");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.linesWith("com.acme.shop.Receipts.greeting/1 is being called with: [null]")).hasSize(3);
        assertThat(result.linesWith("com.acme.shop.Receipts.greeting/1 raised: java.lang.NullPointerException"))
                .hasSize(3);
        assertThat(result.linesWith(" returns: ")).isEmpty();
    }

    @Test
    void where_onTheCallsEnd_seesItsException() throws Exception {
        Cli.Result result = Cli.run("trace", pid, "com.acme.shop.Inventory#reserve", "2", "--where",
                "exception != null && exception.type.endsWith('OutOfStockException')", "--return", "--yes");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.linesWith("com.acme.shop.Inventory.reserve/2 raised: com.acme.shop.OutOfStockException"))
                .hasSize(2);
        assertThat(result.linesWith(" returns: ")).isEmpty();
    }

    @Test
    void aConditionThatCannotBeEvaluated_isNoMatch_countedInTheSummary() throws Exception {
        Cli.Result result = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "5", "--where",
                "int(args[0]) > 1", "--timeout", "1s", "--yes");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.linesWith(" is being called with: ")).isEmpty();
        assertThat(result.stdout().get(result.stdout().size() - 1)).startsWith("Time limit reached: 0 calls;")
                .containsPattern("The condition could not be evaluated [1-9][0-9]* times?, each counted as no match");
        target.assertPrintedOnlyItsOwnLines();
    }

    @Test
    void distinct_countsAtMostKCallsPerKey_andBadKeysAreRefusedOrCounted() throws Exception {
        Cli.Result result = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "8", "--distinct", "args[0]",
                "--per-key", "2", "--yes");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.linesWith(" is being called with: ")).hasSize(8);
        for (String sku : new String[] {"KETTLE", "TEAPOT", "MUG", "SPOON"}) {
            assertThat(result.linesWith(" is being called with: [\"" + sku + "\"")).as(sku).hasSize(2);
        }

        Cli.Result zero = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "8", "--distinct", "args[0]",
                "--per-key", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.stderr()).contains("calls per key must be within 1..1,000,000; got 0");
        Cli.Result alone = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "8", "--per-key", "3");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.stderr()).contains("--per-key 3 needs --distinct");
        Cli.Result badKey = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "8", "--distinct", "args[",
                "--yes");
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.stderr()).contains("--distinct 'args[': column");

        Cli.Result failing = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "3", "--distinct", "int(args[0])",
                "--timeout", "1s", "--yes");
        assertThat(failing.stdout().get(failing.stdout().size() - 1)).startsWith("Time limit reached: 0 calls;")
                .contains("could not be evaluated");
        target.assertPrintedOnlyItsOwnLines();
    }

    @Test
    void stack_printsEachCallsCallersUnderIt_andJsonCarriesThem() throws Exception {
        Cli.Result result = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "2", "--stack", "2",
                "--where", "args[0] == 'MUG'", "--return", "--yes");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (int i = 0; i < result.stdout().size(); i++) {
            String line = result.stdout().get(i);
            if (line.contains(" is being called with: ")) {
                assertThat(result.stdout().get(i + 1)).as("the direct caller, under the call")
                        .isEqualTo("    at com.acme.shop.OrderService.handle(OrderService.java:26)");
                assertThat(result.stdout().get(i + 2)).startsWith("    at ");
                assertThat(result.stdout().get(i + 3)).doesNotStartWith("    at ");
            }
        }
        assertThat(result.linesWith(" is being called with: [\"MUG\"")).hasSize(2);
        assertThat(result.linesWith("    at ")).hasSize(4);

        Cli.Result json = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "1", "--stack", "1", "--json",
                "--yes");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.linesWith("\"type\":\"CALL\"")).singleElement().asString().startsWith("{\"schema\":3,")
                .endsWith(",\"stack\":[{\"className\":\"com.acme.shop.OrderService\",\"methodName\":\"handle\","
                        + "\"fileName\":\"OrderService.java\",\"line\":26}]}");

        Cli.Result negative = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "1", "--stack", "-1");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.stderr().strip().lines()).singleElement().asString()
                .contains("--stack must be within 0..1024 frames; got -1");
        target.assertPrintedOnlyItsOwnLines();
    }

    @Test
    void status_showsEachActiveTracesOptions_andWhatEachFilterTurnedAway() throws Exception {
        try (Cli tracing = Cli.start("trace", pid, "com.acme.shop.Pricing#price", "1000000", "--return", "--where",
                "args[0] == \"MUG\"", "--sample", "2", "--stack", "2", "--yes")) {
            tracing.expect("is being called with: [\"MUG\"");
            tracing.expect("is being called with: [\"MUG\"");
            Cli.Result status = Cli.run("status", pid);

            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(status.stdout()).anySatisfy(line -> assertThat(line)
                    .matches("  trace \\d+: com\\.acme\\.shop\\.Pricing#price, \\d+/1000000 calls, ACTIVE"));
            assertThat(status.stdout()).contains("    options: --return --where 'args[0] == \"MUG\"' --sample 2 --stack 2");
            assertThat(status.stdout()).anySatisfy(line -> assertThat(line)
                    .matches("    turned away so far: [1-9]\\d* by condition, [1-9]\\d* by sample"));
            assertThat(status.stdout()).anySatisfy(line -> assertThat(line).matches("    waiting for its handler:"
                    + " \\d+ events, \\d+\\.\\d MiB \\(it ends OVERLOAD past 100000 events or \\d+\\.\\d MiB\\)"));
            assertThat(Cli.run("stop", pid, "--all").exitCode()).isZero();
            assertThat(tracing.await().exitCode()).isZero();
        }
    }

    @Test
    void thread_slowerThan_andSample_eachLeaveOnlyTheCallsThatPass() throws Exception {
        Cli.Result noSuchThread = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "1", "--thread", "http-*",
                "--timeout", "1s", "--yes");
        assertThat(noSuchThread.exitCode()).as(noSuchThread.toString()).isZero();
        assertThat(noSuchThread.stdout().get(noSuchThread.stdout().size() - 1))
                .startsWith("Time limit reached: 0 calls;");

        Cli.Result tooSlow = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "1", "--slower-than", "1h",
                "--timeout", "1s", "--yes");
        assertThat(tooSlow.stdout().get(tooSlow.stdout().size() - 1)).startsWith("Time limit reached: 0 calls;");

        Cli.Result sampled = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "3", "--sample", "4",
                "--slower-than", "1ns", "--return", "--yes");
        assertThat(sampled.exitCode()).as(sampled.toString()).isZero();
        assertThat(sampled.linesWith(" is being called with: ")).hasSize(3);
        assertThat(sampled.linesWith(" returns: ")).hasSize(3);

        Cli.Result noSample = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "1", "--sample", "0");
        assertThat(noSample.exitCode()).isEqualTo(2);
        assertThat(noSample.stderr().strip().lines()).singleElement().asString()
                .contains("sample must be within 1..1,000,000,000 (1 counts every call); got 0");
        Cli.Result badSlow = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "1", "--slower-than", "0s");
        assertThat(badSlow.exitCode()).isEqualTo(2);
        assertThat(badSlow.stderr()).contains("'0s' is zero; a duration must be positive");
    }
}
