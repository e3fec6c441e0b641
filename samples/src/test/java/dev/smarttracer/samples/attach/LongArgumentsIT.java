package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A method whose arguments are long strings, called as fast as two threads can, traced by pid in a
 * 128 MiB heap: the events waiting in the target are bounded in bytes, so the trace ends
 * {@code OVERLOAD} long before they could fill the heap, and the application goes on unharmed.
 */
@Timeout(300)
class LongArgumentsIT {

    private static final Pattern OVERLOADED = Pattern.compile("Overloaded \\([^)]*\\): (\\d+) calls");

    @Test
    void threeLongStringsACall_onA128MiBHeap_theTraceEndsOverload_andTheApplicationGoesOn() throws Exception {
        try (Target target = Target.startProgram(Target.classPath(), "com.acme.documents.DocumentApp",
                List.of("-Xmx128m", "-javaagent:" + Cli.agentJar()), List.of("--threads", "2"))) {
            target.expect("ready ");
            String pid = Long.toString(target.pid());

            Cli.Result result = Cli.run("trace", pid, "com.acme.documents.Indexer#index", "1000000", "--return");

            String said = String.join("\n", result.stdout()) + "\n" + result.stderr();
            assertThat(result.exitCode()).as(said).isEqualTo(1);
            Matcher overloaded = OVERLOADED.matcher(said);
            assertThat(overloaded.find()).as(said).isTrue();
            // Each call keeps about 12 KiB (three strings' first 2,048 characters) and the room is a
            // sixteenth of 128 MiB: the bytes trip it long before its 100,000 events would.
            assertThat(Long.parseLong(overloaded.group(1))).as("calls before the trace tripped").isBetween(1L, 5_000L);
            assertThat(said).as("what filled, and what to do").containsPattern("Its queue in the target"
                    + " reached its bound, [0-9.]+ MiB of arguments and returns waiting: trace fewer calls a second"
                    + " \\(--rate\\), or record them in the target instead \\(--record --background\\)\\.");

            Cli.Result again = Cli.run("trace", pid, "com.acme.documents.Indexer#index", "3", "--return");
            assertThat(again.exitCode()).as(again.stderr()).isZero();
            target.expect("indexed ");
            assertThat(target.output()).as("what the application printed")
                    .noneMatch(line -> line.contains("OutOfMemoryError") || line.startsWith("worker failed"));
        }
    }
}
