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
        Path agent = agentJar();
        assertThat(agent).as("the agent jar (built by ./mvnw verify)").exists();
        Result result = run("-javaagent:" + agent, "-XX:+IgnoreUnrecognizedVMOptions", NO_DYNAMIC_AGENTS);
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("Limit reached.", "Done: 0 traces active.")
                .doesNotContain("WARNING", "Sharing is only supported");
    }

    @Test
    void theAgentJar_isSelfContained_andSilent() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agentJar(), "-version");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).as("only the JVM's version: the agent needs nothing on the class path and prints nothing")
                    .doesNotContain("Exception", "Error", "WARNING", "SmartTracer");
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutTheAgent_theFirstTraceLoadsItAndTheWarningNamesSmarttracerJar() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "the dynamic agent warning exists from JDK 21");
        Result result = run();
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("A Java agent has been loaded dynamically").contains("smarttracer.jar")
                .doesNotContain("byte-buddy-agent");
    }

    @Test
    void withoutTheAgent_onHotSpotBefore23_theFirstTraceWarnsThatCompiledCodeIsDiscarded() throws Exception {
        assumeTrue(Runtime.version().feature() < 23, "HotSpot 23 and later keep their compiled code");
        Result result = run("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading");
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).containsOnlyOnce("discards all compiled code (JDK-8324241)")
                .contains("-javaagent:smarttracer.jar");
        Result withAgent = run("-javaagent:" + agentJar());
        assertThat(withAgent.output).doesNotContain("JDK-8324241");
    }

    private static Path agentJar() {
        return Path.of(System.getProperty("agent.jar", "target/agent/smarttracer.jar"));
    }

    @Test
    void withoutTheAgent_andDynamicAgentsDisabled_theFirstTraceSaysWhatToDo() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "-XX:-EnableDynamicAgentLoading exists from JDK 21");
        Result result = run(NO_DYNAMIC_AGENTS);
        assertThat(result.exitCode).isNotZero();
        assertThat(result.output).contains("cannot obtain java.lang.instrument.Instrumentation")
                .contains("-javaagent:smarttracer.jar", "tracer-agent/target/smarttracer.jar")
                .contains("Dynamic agent loading is not enabled");
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
