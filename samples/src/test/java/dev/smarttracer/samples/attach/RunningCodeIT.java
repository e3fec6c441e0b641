package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smarttracer.testsupport.RunningCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves from outside the target that a trace by pid leaves nothing behind: the JDK's
 * serviceability agent ({@code jhsdb}) dumps the traced class as it runs, before, during and
 * after, and its methods are compared instruction by instruction.
 */
@Tag("comparison") // a comparison of the running code through jhsdb: in ./mvnw verify -Psoak, which CI runs
@Timeout(300)
class RunningCodeIT {

    private static final String TRACED = "com.acme.shop.Pricing";

    @Test
    void afterTheLimit_andAfterAStop_theRunningCodeIsWhatItWasBeforeTracing(@TempDir Path dir) throws Exception {
        Path jhsdb = RunningCode.jhsdb();
        assumeTrue(jhsdb != null, "this JDK has no jhsdb: " + Jdks.current());
        try (Target target = Target.start()) {
            String pid = Long.toString(target.pid());
            Cli.Result warmUp = Cli.run("trace", pid, "com.acme.shop.Inventory#reserve", "1", "--yes");
            assertThat(warmUp.exitCode()).as("the agent is loaded before the first dump: " + warmUp).isZero();
            Map<String, List<String>> before = runningCode(jhsdb, target.pid(), dir.resolve("before"));

            Cli.Result limited = Cli.run("trace", pid, "com.acme.shop.Pricing#discount", "5", "--local", "--return");
            assertThat(limited.exitCode()).as(limited.toString()).isZero();
            Map<String, List<String>> afterLimit = runningCode(jhsdb, target.pid(), dir.resolve("after-limit"));

            Map<String, List<String>> traced;
            try (Cli tracing = Cli.start("trace", pid, "com.acme.shop.Pricing#discount", "100000000", "--local")) {
                tracing.expect("is being called with");
                traced = runningCode(jhsdb, target.pid(), dir.resolve("traced"));
                assertThat(Cli.run("stop", pid, "--all").exitCode()).isZero();
                assertThat(tracing.await().exitCode()).isZero();
            }
            Map<String, List<String>> afterStop = runningCode(jhsdb, target.pid(), dir.resolve("after-stop"));

            assertThat(RunningCode.callingBridge(before)).as("methods calling the bridge before tracing").isEmpty();
            assertThat(RunningCode.callingBridge(traced)).as("methods calling the bridge while tracing")
                    .containsExactly("private int discount(int, java.lang.String);");
            assertThat(afterLimit).as("every method's running code after the limit, as before tracing")
                    .isEqualTo(before);
            assertThat(afterStop).as("every method's running code after a stop, as before tracing")
                    .isEqualTo(before);
        }
    }

    private static Map<String, List<String>> runningCode(Path jhsdb, long pid, Path out)
            throws IOException, InterruptedException {
        return RunningCode.dump(jhsdb, pid, out, List.of(TRACED)).get(TRACED);
    }
}
