package dev.smarttracer.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the README's JSON Lines example, so the documented format cannot drift from the reader. */
class ReadmeJsonExampleTest {

    @Test
    void readmeExample_importsAsOneFinishedTrace(@TempDir Path dir) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("```json\n", readme.indexOf("### JSON Lines format"));
        assertThat(start).as("the JSON Lines section's example").isPositive();
        String example = readme.substring(start + "```json\n".length(), readme.indexOf("```", start + 7));
        Path file = Files.writeString(dir.resolve("readme.jsonl"), example, StandardCharsets.UTF_8);
        Recorder recorder = Recorder.create();

        assertThat(recorder.importJsonLines(file)).isEqualTo(2);

        Recording recording = recorder.recordings().get(0);
        assertThat(recording.calls()).extracting(Call::type).containsExactly(CallType.CALL, CallType.RETURN);
        assertThat(recording.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(recording.stopReason().message()).isEqualTo("Limit reached.");
    }
}
