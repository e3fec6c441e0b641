package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A target that uses SmartTracer in its own code and is also traced by pid runs two engines
 * that share only the bootstrap bridge: nothing of the agent becomes visible to the application,
 * both count exactly, and both restore what they changed. In either order of arrival: the
 * application's own engine may have loaded its small agent jar first, whose entry point then
 * serves the command line's load too.
 */
@Timeout(300)
class TwoEnginesIT {

    @Test
    void theAgentFirst_thenTheApplicationTraces_bothExact_bothRestore_andTheAgentStaysInvisible() throws Exception {
        try (Target target = Target.start()) {
            String pid = Long.toString(target.pid());
            Cli.Result first = Cli.run("trace", pid, "com.acme.shop.Inventory#reserve", "3", "--yes");
            assertThat(first.exitCode()).as(first.toString()).isZero();

            tracedByBothAtOnce(target);
            assertInvisible(target);
        }
    }

    @Test
    void theApplicationFirst_thenTheCommandLine_bothExact_bothRestore() throws Exception {
        try (Target target = Target.start("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading")) {
            target.send("trace-inprocess com.acme.shop.Receipts#greeting 4");
            assertThat(target.expect("INPROCESS")).contains("calls=4 reason=LIMIT_REACHED detached=true");

            tracedByBothAtOnce(target);
            assertInvisible(target);
        }
    }

    private static void tracedByBothAtOnce(Target target) throws Exception {
        String pid = Long.toString(target.pid());
        try (Cli same = Cli.start("trace", pid, "com.acme.shop.Pricing#discount", "30", "--local", "--return", "--yes");
                Cli other = Cli.start("trace", pid, "com.acme.shop.Inventory#reserve", "20", "--yes")) {
            target.send("trace-inprocess com.acme.shop.Pricing#discount 50");
            Cli.Result onSame = same.await();
            Cli.Result onOther = other.await();
            assertThat(target.expect("INPROCESS")).as("the application's own trace")
                    .contains("calls=50 reason=LIMIT_REACHED detached=true");
            assertThat(onSame.exitCode()).as(onSame.toString()).isZero();
            assertThat(onSame.linesWith(" is being called with: [")).hasSize(30);
            assertThat(onSame.linesWith(" returns: ")).hasSize(30);
            assertThat(onOther.exitCode()).as(onOther.toString()).isZero();
            assertThat(onOther.linesWith(" is being called with: [")).hasSize(20);
        }
        String status = ControlSocket.status(target.pid());
        assertThat(ControlSocket.number(status, "instrumentedClasses")).as("the agent's engine").isZero();
        assertThat(ControlSocket.number(status, "probesInJvm")).as("probes of both engines, after both").isZero();
    }

    private static void assertInvisible(Target target) throws Exception {
        for (String name : new String[] {"dev.smarttracer.agent.internal.target.AttachAgent",
                "dev.smarttracer.shaded.org.slf4j.LoggerFactory", "dev.smarttracer.shaded.picocli.CommandLine",
                "dev.smarttracer.agent.internal.cli.SmartTracerCli"}) {
            target.send("find-class " + name);
            assertThat(target.expect("CLASS " + name)).as("the application's view of " + name)
                    .isEqualTo("CLASS " + name + " absent");
        }
        for (String name : new String[] {"dev.smarttracer.internal.engine.TraceEngine",
                "dev.smarttracer.shaded.org.objectweb.asm.ClassReader"}) {
            target.send("find-class " + name);
            assertThat(target.expect("CLASS " + name)).as("the application's own tracer-core, which has " + name)
                    .contains(" visible from ").doesNotContain("smarttracer.jar").contains("tracer-core");
        }
        target.assertPrintedOnlyItsOwnLines();
    }
}
