package dev.smarttracer.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smarttracer.recorder.internal.CallJson;
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
                Long.MIN_VALUE, Integer.MAX_VALUE);
        Call call = new Call(3, 7, CallType.CALL, "com.acme.Foo", "all", "(...)V", args.size(), args, null, null,
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
        return List.of(call, nullReturn, voidReturn, value, raised, raisedWithMessage);
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
        assertThat(CallJson.write(calls.get(1))).contains("\"returnValue\":null");
        assertThat(CallJson.write(calls.get(2))).doesNotContain("returnValue");
        assertThat(CallJson.write(calls.get(0))).contains("\"schema\":1");
    }

    @Test
    void eachLineIsOneLine_evenWithLineSeparatorsInStrings() {
        for (Call call : everyKind()) {
            assertThat(CallJson.write(call)).doesNotContain("\n", "\r", "\u2028", "\u2029");
        }
    }

    @Test
    void malformedLine_isRejectedWithItsNumber_andNothingIsImported(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (Call call : everyKind()) {
            lines.add(CallJson.write(call));
        }
        lines.add(2, "");
        lines.add(4, lines.get(3).replace("\"RETURN\"", "\"RETRUN\""));
        Path file = dir.resolve("broken.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Recorder.readJsonLines(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.jsonl line 5: \"type\" must be CALL, RETURN or EXCEPTION; got \"RETRUN\"")
                .hasMessageContaining("nothing was imported");
    }

    @Test
    void malformedLines_sayWhatIsWrong() {
        assertThat(error("{\"schema\":1")).contains("line 1: expected ',' or '}' at column 12");
        assertThat(error("[1]")).contains("a line must be a JSON object");
        assertThat(error(CallJson.write(everyKind().get(3)).replace("\"schema\":1", "\"schema\":2")))
                .contains("schema 2 is not supported; this version reads schema 1");
        assertThat(error(CallJson.write(everyKind().get(3)).replace(",\"threadId\":1", "")))
                .contains("missing member \"threadId\"");
        assertThat(error(CallJson.write(everyKind().get(3)).replace("{\"int\":5}", "{\"money\":5}")))
                .contains("unknown value kind \"money\"");
        assertThat(error(CallJson.write(everyKind().get(3)).replace("\"durationNanos\":3", "\"durationNanos\":-3")))
                .contains("durationNanos");
        assertThat(error(CallJson.write(everyKind().get(3)).replace("{\"schema\"", "{\"x\":1,\"schema\"")))
                .contains("unknown member \"x\"");
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
