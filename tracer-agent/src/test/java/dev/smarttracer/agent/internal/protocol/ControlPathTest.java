package dev.smarttracer.agent.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ControlPathTest {

    /** The largest pid Linux hands out (pid_max may be raised to 2^22). */
    private static final long LARGEST_PID = 4_194_304;

    @Test
    void theSocketOfTheLargestPid_reachedFromOutsideItsContainer_fitsTheOperatingSystemsLimit() {
        Path outside = ControlPath.socket(Path.of("/proc", Long.toString(LARGEST_PID), "root", "tmp"), LARGEST_PID);

        assertThat(outside.toString()).isEqualTo("/proc/4194304/root/tmp/.smarttracer-4194304/control");
        assertThat(outside.toString().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(ControlPath.MAX_SOCKET_PATH).isLessThanOrEqualTo(52);
    }

    @Test
    void theSocket_isNamedByThePidTheJvmSeesItselfAs() {
        assertThat(ControlPath.socket(Path.of("/tmp"), 42)).isEqualTo(Path.of("/tmp/.smarttracer-42/control"));
    }
}
