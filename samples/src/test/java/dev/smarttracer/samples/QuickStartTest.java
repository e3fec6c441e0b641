package dev.smarttracer.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the README's walkthrough, so the README cannot rot. */
class QuickStartTest {

    @org.junit.jupiter.api.BeforeEach
    void emptyRecorder() {
        dev.smarttracer.SmartTracer.recorder().clear();
    }

    @Test
    void walkthrough_runsEveryStep() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new QuickStart(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("refused: com.acme.Foo#getName is private; pass TraceOptions.defaults().scope(Scope.LOCAL)")
                .contains("MyTracer: #1 bar got [\"Buzz\"] on thread")
                .contains("MyTracer: #3 bar gave \"Hello, my name is FizzBizz\"")
                .contains("MyTracer: trace ")
                .contains("stopped: LIMIT_REACHED")
                .contains("TraceStats[calls=3, returns=3, exceptions=0")
                .contains("RETURN #3 com.acme.Foo.bar/1 returns: \"Hello, my name is FizzBizz\"")
                .contains("wrote 16 events as JSON Lines, read back 16, identical")
                .contains("first line: {\"schema\":3,")
                .endsWith("Done: 0 traces active." + System.lineSeparator());
        assertThat(out).doesNotContain("MyTracer: #4");
    }
}
