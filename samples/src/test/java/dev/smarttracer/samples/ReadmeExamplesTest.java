package dev.smarttracer.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.SmartTracer;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.Recorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeExamplesTest {

    @org.junit.jupiter.api.BeforeEach
    void emptyRecorder() {
        dev.smarttracer.SmartTracer.recorder().clear();
    }

    @Test
    void readmeLines_runAndLeaveNoTraceActive(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("calls.jsonl");
        List<Call> calls = ReadmeExamples.run(jsonl);
        assertThat(calls).extracting(c -> c.args().get(0)).containsExactly("recorded");
        assertThat(Recorder.readJsonLines(jsonl)).isEqualTo(SmartTracer.playback());
        for (var trace : SmartTracer.activeTraces()) {
            trace.close();
            assertThat(trace.awaitDetached(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(SmartTracer.activeTraces()).isEmpty();
    }
}
