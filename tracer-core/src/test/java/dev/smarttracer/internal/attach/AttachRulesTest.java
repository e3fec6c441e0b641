package dev.smarttracer.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules for a late agent, as both the engine and the command line apply them. */
class AttachRulesTest {

    @Test
    void sigquit_isHandledWhenCaughtAndNotIgnored() {
        assertThat(AttachRules.handlesSigquit(List.of("Name:\tjava", "SigIgn:\t0000000000000000",
                "SigCgt:\t2000000181005ccf"))).contains(true);
        assertThat(AttachRules.handlesSigquit(List.of("SigIgn:\t0000000000000000", "SigCgt:\t2000000181005cc8")))
                .as("-Xrs: SIGQUIT not caught").contains(false);
        assertThat(AttachRules.handlesSigquit(List.of("SigIgn:\t0000000000000004", "SigCgt:\t2000000181005ccf")))
                .as("caught but ignored").contains(false);
        assertThat(AttachRules.handlesSigquit(List.of("Name:\tjava"))).as("nothing said").isEmpty();
    }

    @Test
    void thisJvm_handlesSigquit() throws Exception {
        assertThat(AttachRules.handlesSigquit(java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                "/proc/self/status")))).contains(true);
    }

    @Test
    void compiledCode_isDiscardedByHotSpotBefore23_only() {
        assertThat(AttachRules.discardsCompiledCodeOnLateAgent("OpenJDK 64-Bit Server VM", 17)).isTrue();
        assertThat(AttachRules.discardsCompiledCodeOnLateAgent("Java HotSpot(TM) 64-Bit Server VM", 22)).isTrue();
        assertThat(AttachRules.discardsCompiledCodeOnLateAgent("OpenJDK 64-Bit Server VM", 23)).isFalse();
        assertThat(AttachRules.discardsCompiledCodeOnLateAgent("Eclipse OpenJ9 VM", 17)).isFalse();
    }
}
