package dev.smarttracer.agent.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line's answers that need no target: help, usage errors, and no such process. */
class CommandLineUsageTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SmartTracerCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Terminal.none());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommand_hasHelp_listingItsExitCodes() {
        for (String command : new String[] {"jvms", "trace", "playback", "status", "stop"}) {
            Run help = run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: smarttracer " + command, "Exit codes:");
        }
        assertThat(run("--help").out()).contains("0     done", "3     attach failed", "130   interrupted");
        assertThat(run("trace", "--help").out()).contains("--return", "--local", "--record", "--rate", "--timeout",
                "--allow-jdk", "--json", "--keep", "--yes");
    }

    @Test
    void usageErrors_areOneLine_exit2_andTouchNoProcess() {
        assertUsage(run("trace", "1", "com.acme.Foo#bar", "0"), "LIMIT must be at least 1; got 0");
        assertUsage(run("trace", "1", "com.acme.Foo#bar", "five"), "'five' is not an int");
        assertUsage(run("trace", "1", "com.acme.Foo#bar", "5", "--rate", "fast"), "e.g. 100/1s");
        assertUsage(run("trace", "1", "com.acme.Foo#bar", "5", "--timeout", "30"), "e.g. 30s");
        assertUsage(run("trace", "1", "com.acme.Foo#bar", "5", "--rate", "2000000/1s"), "1..1,000,000");
        assertUsage(run("trace", "1", "com.acme.Foo#bar"), "Missing required parameter: 'LIMIT'");
        assertUsage(run("stop", "1"), "say what to stop: a trace ID, --all, or --recordings");
        assertUsage(run("playback"), "name either a PID or --file FILE");
        assertUsage(run(), "name a command");
    }

    @Test
    void durationsTooLongForAnyTrace_areOneLineUsageErrors_namingTheLongestAccepted() {
        for (String[] option : new String[][] {{"--keep", "999999999999d"}, {"--timeout", "999999999999d"},
                {"--rate", "5/999999999999d"}}) {
            Run run = run("trace", "2147483647", "com.acme.Foo#bar", "5", option[0], option[1]);
            assertUsage(run, "'" + option[1] + "'");
            assertThat(run.err()).as(option[0]).contains("the longest duration accepted is 3650d");
        }
    }

    @Test
    void aPatternThatNamesNoMethod_isAUsageError_withAnExample() {
        for (String pattern : new String[] {"com.acme.Foo", "com.acme.Foo.bar", "#bar", "com.acme.Foo#", "Foo::"}) {
            Run run = run("trace", "2147483647", pattern, "5");
            assertUsage(run, "METHODS '" + pattern + "' ");
            assertThat(run.err()).as(pattern).contains("e.g. 'com.acme.Foo#bar'");
        }
    }

    @Test
    void aPidThatDoesNotExist_isAnAttachFailure() {
        Run result = run("trace", "2147483647", "com.acme.Foo#bar", "5");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("cannot attach to pid 2147483647: no such process; list JVMs with:"
                + " smarttracer jvms" + System.lineSeparator());
    }

    @Test
    void thisVeryProcess_isNotATarget() {
        Run result = run("status", Long.toString(ProcessHandle.current().pid()));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("is this smarttracer itself");
    }

    private static void assertUsage(Run run, String says) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).contains(says).doesNotContain("\n");
    }
}
