package dev.smarttracer.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PerfDataTest {

    @Test
    void thisJvmsPerformanceData_givesItsVersionAndCommand_andSaysAttachIsOn() {
        Path file = Path.of("/tmp/hsperfdata_" + System.getProperty("user.name"),
                Long.toString(ProcessHandle.current().pid()));
        assumeTrue(Files.isRegularFile(file), "this JVM writes no performance data at " + file);

        PerfData data = PerfData.read(file);

        assertThat(data.javaVersion()).isEqualTo(System.getProperty("java.version"));
        assertThat(data.command()).isNotBlank();
        assertThat(data.attachDisabled()).isFalse();
    }

    @Test
    void aFileThatIsNotPerformanceData_knowsNothing() throws Exception {
        Path file = Files.createTempFile("not-perf", ".data");
        try {
            Files.writeString(file, "hello");
            PerfData data = PerfData.read(file);
            assertThat(data.javaVersion()).isEqualTo("?");
            assertThat(data.attachDisabled()).isFalse();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
