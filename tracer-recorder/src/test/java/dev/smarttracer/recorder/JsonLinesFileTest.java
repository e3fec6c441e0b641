package dev.smarttracer.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileTest {

    private static Recorder recorderWithOneCall() {
        Recorder recorder = Recorder.create();
        recorder.record(RecorderTest.call(1, 1, "a"));
        return recorder;
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void export_toTheRootDirectory_throwsUncheckedIOException_notNullPointerException() {
        assertThatThrownBy(() -> recorderWithOneCall().exportJsonLines(Path.of("/")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot write /: it is a directory");
    }

    @Test
    void export_toAnEmptyDirectory_isRefused_andTheDirectoryStays(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> recorderWithOneCall().exportJsonLines(empty))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("it is a directory");
        assertThat(empty).isEmptyDirectory();
        assertThat(listing(dir)).containsExactly(empty);
    }

    @Test
    void export_intoAMissingDirectory_namesTheDirectory(@TempDir Path dir) {
        Path file = dir.resolve("missing").resolve("calls.jsonl");
        assertThatThrownBy(() -> recorderWithOneCall().exportJsonLines(file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("directory " + dir.resolve("missing") + " does not exist");
    }

    @Test
    void export_toA246CharacterName_works_andLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c".repeat(240) + ".jsonl");
        assertThat(file.getFileName().toString()).hasSize(246);
        Recorder recorder = recorderWithOneCall();

        assertThat(recorder.exportJsonLines(file)).isEqualTo(1);

        assertThat(Recorder.readJsonLines(file)).isEqualTo(recorder.playback());
        assertThat(listing(dir)).containsExactly(file);
    }

    @Test
    void export_givesTheFileThePermissionsOfAnyNewFile(@TempDir Path dir) throws IOException {
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "POSIX permissions");
        Path exported = dir.resolve("calls.jsonl");
        Path plain = Files.createFile(dir.resolve("plain.txt"));

        recorderWithOneCall().exportJsonLines(exported);

        assertThat(Files.getPosixFilePermissions(exported)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void export_overAnExistingFile_replacesItWhole(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("calls.jsonl"), "old content that is longer than the new\n".repeat(50));
        Recorder recorder = recorderWithOneCall();

        recorder.exportJsonLines(file);

        assertThat(Recorder.readJsonLines(file)).isEqualTo(recorder.playback());
        assertThat(listing(dir)).containsExactly(file);
    }
}
