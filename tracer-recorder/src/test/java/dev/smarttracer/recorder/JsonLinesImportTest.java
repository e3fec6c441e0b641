package dev.smarttracer.recorder;

import static dev.smarttracer.recorder.RecorderTest.call;
import static dev.smarttracer.recorder.RecorderTest.ret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesImportTest {

    /** A schema 1 line, as version 1 wrote it. */
    private static final String SCHEMA_1_CALL = "{\"schema\":1,\"traceId\":2,\"callId\":1,\"type\":\"CALL\","
            + "\"className\":\"com.acme.Foo\",\"methodName\":\"bar\",\"descriptor\":\"(Ljava/lang/String;)Ljava/lang/String;\","
            + "\"arity\":1,\"args\":[\"Buzz\"],\"threadName\":\"main\",\"threadId\":1,"
            + "\"timestamp\":\"2026-11-24T10:04:13.274782819Z\",\"durationNanos\":0}";

    /** Lines as the default handler prints them, live or played back: drop notice, events, stop notice. */
    private static List<String> playedBack(Recording recording) {
        List<String> lines = new ArrayList<>();
        if (recording.droppedEvents() > 0) {
            lines.add("(" + recording.droppedEvents() + " earlier events dropped)");
        }
        recording.calls().forEach(call -> lines.add(CallFormatter.describe(call)));
        if (recording.stopReason() != null) {
            lines.add(recording.stopReason().message());
        }
        return lines;
    }

    private static Map<Long, Recording> byTrace(Recorder recorder) {
        return recorder.recordings().stream().collect(Collectors.toMap(Recording::traceId, Function.identity()));
    }

    @Test
    void exportedAndImported_aTracePlaysBackEndingWithLimitReached_likeTheLiveTrace(@TempDir Path dir) {
        Recorder live = Recorder.create();
        for (int id = 1; id <= 3; id++) {
            live.record(call(7, id, "x" + id));
            live.record(ret(7, id, "y" + id, 1_000));
        }
        live.finish(7, StopReason.LIMIT_REACHED, 0);
        Path file = dir.resolve("calls.jsonl");
        live.exportJsonLines(file);

        Recorder imported = Recorder.create();
        assertThat(imported.importJsonLines(file)).isEqualTo(6);

        List<String> lines = playedBack(imported.recording(7).orElseThrow());
        assertThat(lines).last().isEqualTo("Limit reached.");
        assertThat(lines).isEqualTo(playedBack(live.recording(7).orElseThrow())).hasSize(7);
    }

    @Test
    void export_writesEachTraceEndAfterItsLastEvent_andImport_restoresEveryRecording(@TempDir Path dir)
            throws IOException {
        Recorder live = Recorder.create();
        live.record(call(1, 1, "a"));
        live.record(call(2, 1, "b"));
        live.record(ret(1, 1, "A", 5));
        live.finish(1, StopReason.OVERLOAD, 3);
        live.record(call(2, 2, "c"));
        live.finish(2, StopReason.STOPPED, 0);
        live.finish(3, StopReason.TIMEOUT, 1);
        live.record(call(4, 1, "still recording"));
        Path file = dir.resolve("calls.jsonl");

        assertThat(live.exportJsonLines(file)).isEqualTo(5);

        List<String> written = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(written).extracting(line -> line.replaceAll(".*\"traceId\":(\\d+),.*\"type\":\"(\\w+)\".*", "$1 $2"))
                .as("trace 3 kept no event, so its end comes last").containsExactly("1 CALL", "1 RETURN",
                        "1 TRACE_END", "2 CALL", "2 CALL", "2 TRACE_END", "4 CALL", "3 TRACE_END");
        assertThat(written.get(2)).isEqualTo("{\"schema\":3,\"traceId\":1,\"type\":\"TRACE_END\","
                + "\"stopReason\":\"OVERLOAD\",\"droppedEvents\":0,\"lostEvents\":3}");
        Recorder imported = Recorder.create();
        imported.importJsonLines(file);
        assertThat(byTrace(imported)).isEqualTo(byTrace(live));
        assertThat(imported.stats(1).lost()).isEqualTo(3);
        assertThat(Recorder.readJsonLines(file)).as("calls only, the ends skipped").isEqualTo(live.playback());
    }

    @Test
    void droppedEvents_surviveTheRoundTrip_andTheImportingRecordersBoundsApply(@TempDir Path dir) {
        Recorder small = Recorder.create(3, Recorder.DEFAULT_MAX_BYTES);
        for (int id = 1; id <= 5; id++) {
            small.record(call(1, id, "e" + id));
        }
        small.finish(1, StopReason.LIMIT_REACHED, 0);
        Path file = dir.resolve("calls.jsonl");
        small.exportJsonLines(file);

        Recorder big = Recorder.create();
        big.importJsonLines(file);
        assertThat(big.recording(1).orElseThrow().droppedEvents()).isEqualTo(2);
        assertThat(playedBack(big.recording(1).orElseThrow())).first().isEqualTo("(2 earlier events dropped)");

        Recorder tiny = Recorder.create(1, Recorder.DEFAULT_MAX_BYTES);
        assertThat(tiny.importJsonLines(file)).isEqualTo(3);
        assertThat(tiny.recording(1).orElseThrow().calls()).extracting(Call::callId).containsExactly(5L);
        assertThat(tiny.recording(1).orElseThrow().droppedEvents()).isEqualTo(4);
    }

    @Test
    void malformedFile_importsNothing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.jsonl");
        Files.write(file, List.of(SCHEMA_1_CALL, SCHEMA_1_CALL.replace("\"traceId\":2", "\"traceId\":3")
                .replace("\"arity\":1", "\"arity\":true")), StandardCharsets.UTF_8);
        Recorder recorder = Recorder.create();

        assertThatThrownBy(() -> recorder.importJsonLines(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.jsonl line 2, column ")
                .hasMessageContaining("\"arity\" must be a whole number; got true")
                .hasMessageContaining("nothing was imported");
        assertThat(recorder.recordings()).isEmpty();
        assertThat(recorder.size()).isZero();
    }

    @Test
    void fileHoldingATraceTheRecorderHas_importsNothing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("calls.jsonl");
        Files.write(file, List.of(SCHEMA_1_CALL.replace("\"traceId\":2", "\"traceId\":9"), SCHEMA_1_CALL),
                StandardCharsets.UTF_8);
        Recorder recorder = Recorder.create();
        recorder.record(call(2, 1, "mine"));

        assertThatThrownBy(() -> recorder.importJsonLines(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("it holds trace 2, which this recorder already has")
                .hasMessageContaining("clear(2) first");
        assertThat(recorder.recordings()).extracting(Recording::traceId).containsExactly(2L);
        assertThat(recorder.size()).isEqualTo(1);
    }

    @Test
    void schema1File_isStillReadAndImported(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("v1.jsonl");
        Files.write(file, List.of(SCHEMA_1_CALL), StandardCharsets.UTF_8);

        assertThat(Recorder.readJsonLines(file)).extracting(Call::args).containsExactly(List.of("Buzz"));
        Recorder recorder = Recorder.create();
        assertThat(recorder.importJsonLines(file)).isEqualTo(1);
        assertThat(recorder.recording(2).orElseThrow().stopReason()).as("schema 1 has no end lines").isNull();
    }

    @Test
    void traceEndLines_areCheckedAgainstTheirSchemaAndTheirTrace() {
        String end = "{\"schema\":2,\"traceId\":2,\"type\":\"TRACE_END\",\"stopReason\":\"LIMIT_REACHED\","
                + "\"droppedEvents\":0,\"lostEvents\":0}";
        assertThat(error(end.replace("\"schema\":2", "\"schema\":1")))
                .contains("in line 1, column 32: TRACE_END lines exist from schema 2; this line says schema 1");
        assertThat(error(end.replace("LIMIT_REACHED", "LIMIT")))
                .contains("\"stopReason\" must be one of " + Arrays.toString(StopReason.values()) + "; got \"LIMIT\"")
                .contains("[LIMIT_REACHED, RATE_EXCEEDED, ");
        assertThat(error(end.replace("\"lostEvents\":0", "\"lostEvents\":-1"))).contains("\"lostEvents\" must be 0 or more");
        assertThat(error(end + "\n" + end)).contains("in line 2: trace 2 already ended at line 1");
        assertThat(error(end + "\n\n" + SCHEMA_1_CALL))
                .contains("in line 3: trace 2 ended at line 1; its events come before its TRACE_END line");
    }

    private static String error(String text) {
        try {
            Recorder.readJsonLines(new java.io.StringReader(text), "in");
        } catch (IllegalArgumentException expected) {
            return expected.getMessage();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + text);
    }
}
