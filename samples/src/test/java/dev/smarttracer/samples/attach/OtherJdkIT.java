package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The command line on one JDK and the target on the other (17 and 25, both ways round): the
 * other JDK comes from {@code -Dother.jdk}, which {@code .ci/run} always sets.
 */
@Timeout(300)
class OtherJdkIT {

    @Test
    void commandLineOnThisJdk_targetOnTheOther() throws Exception {
        traceAndPlayBack(Jdks.current(), Jdks.other());
    }

    @Test
    void commandLineOnTheOtherJdk_targetOnThisOne() throws Exception {
        traceAndPlayBack(Jdks.other(), Jdks.current());
    }

    private static void traceAndPlayBack(Path cliJdk, Path targetJdk) throws Exception {
        try (Target target = Target.start(targetJdk)) {
            String pid = Long.toString(target.pid());
            Cli.Result traced = Cli.run(cliJdk, "trace", pid, "com.acme.shop.Pricing#discount", "6", "--local",
                    "--return", "--record", "--yes");
            assertThat(traced.exitCode()).as(traced.toString()).isZero();
            assertThat(traced.linesWith(" is being called with: [")).hasSize(6);
            assertThat(traced.linesWith(" returns: ")).hasSize(6);

            Cli.Result playback = Cli.run(cliJdk, "playback", pid);
            assertThat(playback.linesWith(" is being called with: [")).hasSize(6);
            Cli.Result status = Cli.run(cliJdk, "status", pid);
            assertThat(status.stdout()).anyMatch(line -> line.startsWith("instrumented classes: 0 "));
            target.assertPrintedOnlyItsOwnLines();
        }
    }
}
