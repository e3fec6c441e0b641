package dev.smarttracer.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the quick start in a fresh JVM, the way a user starts an application. */
class StartupTest {

    private static final String NO_DYNAMIC_AGENTS = "-XX:-EnableDynamicAgentLoading";

    @Test
    void withTheAgentAtStartup_tracingWorksWithoutAttachingAndWithoutWarnings() throws Exception {
        Path agent = Path.of(System.getProperty("agent.jar", "target/agent/tracer-agent.jar"));
        assertThat(agent).as("the agent jar (built by ./mvnw verify)").exists();
        Result result = run("-javaagent:" + agent, "-XX:+IgnoreUnrecognizedVMOptions", NO_DYNAMIC_AGENTS);
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("Limit reached.", "Done: 0 traces active.")
                .doesNotContain("WARNING", "Sharing is only supported");
    }

    @Test
    void withoutTheAgent_andDynamicAgentsDisabled_theFirstTraceSaysWhatToDo() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "-XX:-EnableDynamicAgentLoading exists from JDK 21");
        Result result = run(NO_DYNAMIC_AGENTS);
        assertThat(result.exitCode).isNotZero();
        assertThat(result.output).contains("cannot obtain java.lang.instrument.Instrumentation")
                .contains("-javaagent:");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... jvmArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(QuickStart.class.getName());
        Path log = Files.createTempFile("quickstart-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the quick start finished").isTrue();
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        }
    }
}
