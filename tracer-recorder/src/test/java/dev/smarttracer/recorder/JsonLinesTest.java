package dev.smarttracer.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smarttracer.recorder.internal.JsonLine;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {

    private static final Instant NANOS = Instant.parse("2026-11-24T09:45:36.152986422Z");

    private static List<Call> everyKind() {
        List<Object> args = Arrays.asList(null, "plain", "Unicode: é ü 中文 😀 \u2028 tab\t \"quoted\" \\", true,
                1, 2L, (short) 3, (byte) 4, 'c', '\u0000', 1.5f, Float.NaN, 2.25d, Double.NEGATIVE_INFINITY, -0.0d,
                new EnumValue("com.acme.Color", "RED"), new Rendered("int[]", "[1, 2]", false),
                new Rendered("com.acme.Huge", "x".repeat(100_000), true), "lone \ud800 surrogate",
                new Rendered("java.lang.String", "a cut string", true), new Rendered("int[]", "[0, ... (9 more)]", true),
                Long.MIN_VALUE, Integer.MAX_VALUE);
        String descriptor = "(" + "Ljava/lang/Object;".repeat(args.size()) + ")V";
        Call call = new Call(3, 7, CallType.CALL, "com.acme.Foo", "all", descriptor, args.size(), args, null, null,
                "worker \"1\"", 42, NANOS, 0);
        Call nullReturn = new Call(3, 7, CallType.RETURN, "com.acme.Foo", "get", "()Ljava/lang/Object;", 0, List.of(),
                null, null, "main", 1, NANOS.plusNanos(1), 1);
        Call voidReturn = new Call(3, 8, CallType.RETURN, "com.acme.Foo", "run", "()V", 0, List.of(), null, null,
                "main", 1, NANOS.plusNanos(2), 2);
        Call value = new Call(3, 9, CallType.RETURN, "com.acme.Foo", "num", "()I", 0, List.of(), 5, null, "main", 1,
                NANOS.plusNanos(3), 3);
        Call raised = new Call(3, 10, CallType.EXCEPTION, "com.acme.Foo", "boom", "()V", 0, List.of(), null,
                new ExceptionInfo("java.lang.IllegalStateException", null), "main", 1, NANOS.plusNanos(4), 4);
        Call raisedWithMessage = new Call(3, 11, CallType.EXCEPTION, "com.acme.Foo", "boom", "()V", 0, List.of(),
                null, new ExceptionInfo("java.io.IOException", "disk\nfull"), "main", 1, NANOS.plusNanos(5), 5);
        Call raisedWithCutMessage = new Call(3, 12, CallType.EXCEPTION, "com.acme.Foo", "boom", "()V", 0, List.of(),
                null, new ExceptionInfo("java.io.IOException", "the first characters", true), "main", 1,
                NANOS.plusNanos(6), 6);
        return List.of(call, nullReturn, voidReturn, value, raised, raisedWithMessage, raisedWithCutMessage);
    }

    @Test
    void roundTrip_keepsEveryFieldAndEveryValueKind(@TempDir Path dir) {
        List<Call> calls = everyKind();
        Path file = dir.resolve("calls.jsonl");
        assertThat(Recorder.writeJsonLines(calls, file)).isEqualTo(calls.size());
        List<Call> back = Recorder.readJsonLines(file);
        assertThat(back).isEqualTo(calls);
        assertThat(back.get(0).args().get(4)).isInstanceOf(Integer.class);
        assertThat(back.get(0).args().get(5)).isInstanceOf(Long.class);
        assertThat(back.get(0).timestamp().getNano()).isEqualTo(152_986_422);
    }

    @Test
    void nullReturnAndVoidReturn_differInTheFile() {
        List<Call> calls = everyKind();
        assertThat(JsonLine.write(calls.get(1))).contains("\"returnValue\":null");
        assertThat(JsonLine.write(calls.get(2))).doesNotContain("returnValue");
        assertThat(JsonLine.write(calls.get(0))).startsWith("{\"schema\":3,");
    }

    @Test
    void eachLineIsOneLine_evenWithLineSeparatorsInStrings() {
        for (Call call : everyKind()) {
            assertThat(JsonLine.write(call)).doesNotContain("\n", "\r", "\u2028", "\u2029");
        }
    }

    @Test
    void malformedLine_isRejectedWithItsNumber_andNothingIsImported(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (Call call : everyKind()) {
            lines.add(JsonLine.write(call));
        }
        lines.add(2, "");
        lines.add(4, lines.get(3).replace("\"RETURN\"", "\"RETRUN\""));
        Path file = dir.resolve("broken.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        int column = lines.get(4).indexOf("\"RETRUN\"") + 1;
        assertThatThrownBy(() -> Recorder.readJsonLines(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.jsonl line 5, column " + column
                        + ": \"type\" must be CALL, RETURN, EXCEPTION or TRACE_END; got \"RETRUN\"")
                .hasMessageContaining("nothing was imported");
    }

    @Test
    void malformedLines_sayWhatIsWrong() {
        assertThat(error("{\"schema\":1")).contains("in line 1, column 12: expected ',' or '}'");
        assertThat(error("[1]")).contains("a line must be a JSON object");
        assertThat(error(JsonLine.write(everyKind().get(3)).replace("\"schema\":3", "\"schema\":4")))
                .contains("column 11: schema 4 is not supported; this version reads schemas 1 to 3");
        assertThat(error(JsonLine.write(everyKind().get(3)).replace(",\"threadId\":1", "")))
                .contains("missing member \"threadId\"");
        assertThat(error(JsonLine.write(everyKind().get(3)).replace("{\"int\":5}", "{\"money\":5}")))
                .contains("unknown value kind \"money\"");
        assertThat(error(JsonLine.write(everyKind().get(3)).replace("\"durationNanos\":3", "\"durationNanos\":-3")))
                .contains("durationNanos");
        assertThat(error(JsonLine.write(everyKind().get(3)).replace("{\"schema\"", "{\"x\":1,\"schema\"")))
                .contains("unknown member \"x\"");
    }

    @Test
    void callerStacks_surviveTheRoundTrip_andOnlyFromSchema3() {
        List<CallerFrame> stack = List.of(new CallerFrame("com.acme.web.Orders", "post", "Orders.java", 42),
                new CallerFrame("com.acme.web.Server$Worker", "run", null, -1),
                new CallerFrame("com.acme.Generated", "call", "Generated.java", -1));
        Call call = new Call(1, 1, CallType.CALL, "com.acme.Foo", "bar", "(Ljava/lang/String;)V", 1, List.of("x"),
                null, null, "main", 1, Instant.parse("2026-01-02T03:04:05Z"), 0, stack);
        String line = JsonLine.write(call);
        assertThat(line).endsWith(",\"stack\":[{\"className\":\"com.acme.web.Orders\",\"methodName\":\"post\","
                + "\"fileName\":\"Orders.java\",\"line\":42},{\"className\":\"com.acme.web.Server$Worker\","
                + "\"methodName\":\"run\",\"fileName\":null,\"line\":-1},{\"className\":\"com.acme.Generated\","
                + "\"methodName\":\"call\",\"fileName\":\"Generated.java\",\"line\":-1}]}");
        assertThat(readCall(line)).isEqualTo(call);
        assertThat(readCall(line).stack()).extracting(CallerFrame::toString).containsExactly(
                "com.acme.web.Orders.post(Orders.java:42)", "com.acme.web.Server$Worker.run(Unknown Source)",
                "com.acme.Generated.call(Generated.java)");
        assertThat(JsonLine.write(everyKind().get(0))).as("no stack, no member").doesNotContain("stack");

        assertThat(error(line.replace("\"schema\":3", "\"schema\":2")))
                .contains("\"stack\" exists from schema 3; this line says schema 2");
        assertThat(error(line.replace("\"line\":42", "\"line\":-2")))
                .contains("\"line\" must be a line number, or -1 when unknown; got -2");
        assertThat(error(line.replace("\"methodName\":\"post\",", "")))
                .contains("missing member \"methodName\"");
        assertThat(error(line.replace("\"methodName\":\"post\"", "\"methodName\":\" \"")))
                .contains("a caller frame names its class and method");
        assertThat(error(line.replace("\"line\":42", "\"line\":42,\"column\":3")))
                .contains("unknown member \"column\"");
        assertThatThrownBy(() -> new Call(1, 1, CallType.RETURN, "com.acme.Foo", "bar", "(Ljava/lang/String;)V", 1,
                List.of(), null, null, "main", 1, Instant.EPOCH, 5, stack))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only a CALL carries a caller stack; this RETURN has 3 frames");
        assertThat(CallFormatter.describeWithStack(call)).isEqualTo("""
                com.acme.Foo.bar/1 is being called with: ["x"]
                    at com.acme.web.Orders.post(Orders.java:42)
                    at com.acme.web.Server$Worker.run(Unknown Source)
                    at com.acme.Generated.call(Generated.java)""");
    }

    /** Returns a CALL line of {@code bar(String, int)} with the given arity, arguments and thread name. */
    private static String callLine(int arity, String args, String threadName) {
        return "{\"schema\":" + JsonLine.SCHEMA + ",\"traceId\":1,\"callId\":1,\"type\":\"CALL\",\"className\":\"com.acme.Foo\","
                + "\"methodName\":\"bar\",\"descriptor\":\"(Ljava/lang/String;I)V\",\"arity\":" + arity + ",\"args\":["
                + args + "],\"threadName\":\"" + threadName + "\",\"threadId\":1,"
                + "\"timestamp\":\"2026-01-02T03:04:05Z\",\"durationNanos\":0}";
    }

    /** Returns the column, counted in code points from 1, where {@code part} starts in {@code line}. */
    private static int columnOf(String line, String part) {
        int index = line.indexOf(part);
        assertThat(index).as("%s in %s", part, line).isNotNegative();
        return line.codePointCount(0, index) + 1;
    }

    @Test
    void wellFormedCallLine_isRead_soTheStrictnessTestsBelowChangeOneThingOnly() {
        assertThat(readCall(callLine(2, "\"a\",{\"int\":1}", "main")).args()).containsExactly("a", 1);
    }

    @Test
    void unicodeEscape_withASign_isRejectedWithLineAndColumn() {
        String line = callLine(2, "\"a\",{\"int\":1}", "😀 \\u+041");
        assertThat(error(line)).contains("in line 1, column " + columnOf(line, "\\u+041")
                + ": a \\u escape takes exactly four hex digits; got \"\\u+041\"");
        assertThat(error(callLine(2, "\"a\",{\"int\":1}", "\\u00e"))).contains("exactly four hex digits");
        assertThat(error(callLine(2, "\"a\",{\"int\":1}", "\\u０041"))).contains("exactly four hex digits");
    }

    @Test
    void nonBooleanTruncated_isRejectedWithLineAndColumn() {
        String line = callLine(2, "{\"rendered\":\"com.acme.P\",\"text\":\"P\",\"truncated\":\"yes\"},{\"int\":1}", "main");
        assertThat(error(line)).contains("in line 1, column " + columnOf(line, "\"yes\"")
                + ": \"truncated\" must be true or false; got \"yes\"");
        assertThat(error(line.replace("\"yes\"", "1"))).contains("\"truncated\" must be true or false; got 1");
    }

    @Test
    void numberThatOverflowsToInfinity_isRejectedWithLineAndColumn() {
        String line = callLine(2, "\"a\",{\"double\":1e999}", "main");
        assertThat(error(line)).contains("in line 1, column " + columnOf(line, "1e999")
                + ": number 1e999 is out of range: it overflows to infinity");
        String floatLine = callLine(2, "\"a\",{\"float\":1e39}", "main");
        assertThat(error(floatLine)).contains("in line 1, column " + columnOf(floatLine, "1e39")
                + ": float 1e39 is out of range");
        assertThat(error(callLine(2, "\"a\",{\"double\":-" + "9".repeat(400) + "}", "main")))
                .contains("is out of range: it overflows to infinity");
        assertThat(readCall(callLine(2, "\"a\",{\"double\":1e308}", "main")).args().get(1)).isEqualTo(1e308);
    }

    @Test
    void arityThatContradictsTheDescriptor_isRejectedWithLineAndColumn() {
        String line = callLine(3, "\"a\",{\"int\":1},null", "main");
        assertThat(error(line)).contains("in line 1, column " + columnOf(line, "3,\"args\"")
                + ": \"arity\" is 3 but the descriptor (Ljava/lang/String;I)V declares 2 parameters");
        String returnLine = JsonLine.write(everyKind().get(3)).replace("\"arity\":0", "\"arity\":1");
        assertThat(error(returnLine)).contains("\"arity\" is 1 but the descriptor ()I declares 0 parameters");
        assertThat(error(callLine(2, "\"a\",{\"int\":1}", "main").replace("(Ljava/lang/String;I)V", "(Lcom.acme.Foo;I)V")))
                .contains("\"descriptor\" must be a JVM method descriptor");
    }

    @Test
    void outOfRangeWholeNumbers_andStrayMembers_areRejectedWithTheirColumn() {
        String line = callLine(2, "\"a\",{\"int\":2147483648}", "main");
        assertThat(error(line)).contains("column " + columnOf(line, "2147483648")
                + ": a int must be a whole number within -2147483648..2147483647; got 2147483648");
        assertThat(error(callLine(2, "\"a\",{\"int\":1,\"x\":2}", "main"))).contains("a tagged value has 1 member");
        assertThat(error(callLine(2, "\"a\",{\"int\":1.0}", "main"))).contains("got 1.0");
    }

    @Test
    void truncationMarks_surviveTheRoundTrip() {
        List<Call> calls = everyKind();
        Call cutMessage = calls.get(6);
        assertThat(JsonLine.write(cutMessage)).contains(
                "\"exception\":{\"type\":\"java.io.IOException\",\"message\":\"the first characters\",\"messageTruncated\":true}");
        assertThat(readCall(JsonLine.write(cutMessage)).exception().messageTruncated()).isTrue();
        assertThat(readCall(JsonLine.write(calls.get(0))).args())
                .contains(new Rendered("java.lang.String", "a cut string", true));
    }

    @Test
    void exceptionMembers_followTheLinesSchema() {
        String v2 = JsonLine.write(everyKind().get(5)).replace("\"schema\":3", "\"schema\":2");
        assertThat(error(v2.replace(",\"messageTruncated\":false", ""))).contains("missing member \"messageTruncated\"");
        assertThat(error(v2.replace("\"schema\":2", "\"schema\":1"))).contains("unknown member \"messageTruncated\"");
        assertThat(readCall(v2.replace("\"schema\":2", "\"schema\":1").replace(",\"messageTruncated\":false", ""))
                .exception()).isEqualTo(new ExceptionInfo("java.io.IOException", "disk\nfull"));
        String nullMessage = JsonLine.write(everyKind().get(4)).replace("\"messageTruncated\":false",
                "\"messageTruncated\":true");
        assertThat(error(nullMessage)).contains("in line 1, column " + columnOf(nullMessage, "true}")
                + ": \"messageTruncated\" is true but \"message\" is null");
    }

    private static Call readCall(String line) {
        return (Call) JsonLine.read(line);
    }

    private static String error(String line) {
        try {
            Recorder.readJsonLines(new StringReader(line), "in");
        } catch (IllegalArgumentException expected) {
            return expected.getMessage();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + line);
    }
}
