package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Recursion;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.testsupport.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A traced recursion that ends in a {@link StackOverflowError} never leaves a trace wedged or the JVM noisy. */
class StackOverflowTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    @Tag("soak") // repeated runs: in ./mvnw verify -Psoak, which CI runs
    void limitsSweptAroundTheOverflowDepth_everyTraceEndsAndDetaches() throws Exception {
        Collector probe = new Collector();
        Trace deep = SmartTracer.trace(Recursion::dive, 10_000_000,
                probe.options().returns(true).queueCapacity(10_000_000));
        assertThat(Recursion.overflow()).isTrue();
        deep.close();
        long depth = probe.awaitStopped().stream().filter(c -> c.type() == dev.smarttracer.recorder.CallType.CALL)
                .count();
        assertThat(depth).as("calls delivered before the stack overflowed").isGreaterThan(100);

        List<String> wedged = new ArrayList<>();
        for (long limit = depth - 30; limit <= depth + 30; limit++) {
            for (boolean returns : new boolean[] {false, true}) {
                Trace trace = SmartTracer.trace(Recursion::dive, (int) limit, TraceOptions.defaults()
                        .returns(returns).queueCapacity(10_000_000).handler(TraceHandler.discard()));
                Recursion.overflow();
                if (trace.state() == TraceState.FINISHED) {
                    // It reached its limit: it must detach by itself, without close().
                    if (!trace.awaitDetached(Duration.ofSeconds(5))) {
                        wedged.add("limit " + limit + " returns " + returns + ": finished but never detached: " + trace);
                    }
                }
                trace.close();
                if (!trace.awaitCompleted(Duration.ofSeconds(10))) {
                    wedged.add("limit " + limit + " returns " + returns + ": close() did not end it: " + trace);
                }
            }
        }
        assertThat(wedged).isEmpty();
        assertThat(SmartTracer.activeTraces()).isEmpty();
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
    }

    @Test
    void overflowWithReturns_inAFreshJvm_theJvmPrintsNothingAndEveryEventIsHandledOrCounted() throws Exception {
        try (ChildJvm child = ChildJvm.start("com.acme.OverflowChild", "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+EnableDynamicAgentLoading", "-Djdk.attach.allowAttachSelf=true")) {
            child.expect("DONE");
            List<String> output = child.output();
            assertThat(output).as("what the JVM printed").noneMatch(line -> line.contains("ASSERTION FAILED"));
            List<String> results = output.stream().filter(line -> line.startsWith("RESULT ")).toList();
            assertThat(results).hasSize(3).allSatisfy(line -> {
                String[] fields = line.split(" ");
                long calls = Long.parseLong(fields[1]);
                long exits = Long.parseLong(fields[2]);
                long lost = Long.parseLong(fields[3]);
                assertThat(calls).as(line).isGreaterThan(100);
                // Each reserved call owes two events; each one was handled or counted lost.
                assertThat((calls + exits + lost) % 2).as("handled plus lost is two per call: " + line).isZero();
                assertThat(exits + lost).as("every exit handled or counted lost: " + line).isGreaterThanOrEqualTo(calls);
                assertThat(fields[4]).isEqualTo("STOPPED");
                assertThat(fields[5]).as("completed").isEqualTo("true");
            });
        }
    }
}
