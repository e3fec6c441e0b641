package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the agent gets into a target, and when it must not: at start-up (dormant, nothing loaded,
 * not asked about compiled code), by the command line, a second time (the first is reused), and
 * the JVMs that refuse or would be harmed.
 */
@Timeout(300)
class AgentLoadingIT {

    @Test
    void atStartup_theAgentIsDormant_thenTracesWithoutAsking_andPrintsNothing() throws Exception {
        Path jdk = Jdks.withFeature(17, 23, "a JDK that would otherwise discard its compiled code");
        try (Target target = Target.start(jdk, "-javaagent:" + Cli.agentJar())) {
            assertThat(threads(jdk, target.pid())).as("SmartTracer threads while dormant")
                    .containsExactly("smarttracer-control");
            assertThat(loadedClasses(jdk, target.pid())).as("classes of the agent loaded while dormant")
                    .noneMatch(name -> name.startsWith("dev.smarttracer.internal.")
                            || name.startsWith("dev.smarttracer.shaded."));

            Cli.Result result = Cli.run(jdk, "trace", Long.toString(target.pid()), "com.acme.shop.Pricing#price", "3");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stderr()).doesNotContain("JDK-8324241");
            assertThat(result.linesWith(" is being called with: [")).hasSize(3);
            assertThat(target.output()).as("the target's output").allMatch(line -> line.startsWith("DemoService pid"));
        }
    }

    @Test
    void loadedTwice_theFirstAgentIsReused() throws Exception {
        try (Target target = Target.start()) {
            String pid = Long.toString(target.pid());
            assertThat(Cli.run("trace", pid, "com.acme.shop.Pricing#price", "2", "--record", "--yes").exitCode())
                    .isZero();

            String loaded = jcmd(Jdks.current(), target.pid(), "JVMTI.agent_load", Cli.agentJar().toString(),
                    "control=" + Cli.agentJar());

            assertThat(loaded).doesNotContain("rror");
            assertThat(threads(Jdks.current(), target.pid())).as("SmartTracer threads after a second load")
                    .containsOnlyOnce("smarttracer-control");
            String status = ControlSocket.status(target.pid());
            assertThat(status).as("the first agent's recording is still there").contains("\"events\":2");
            Cli.Result again = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "2");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            target.assertPrintedOnlyItsOwnLines();
        }
    }

    @Test
    void onHotSpotBefore23_withoutAConsole_theCommandLineRefusesUnlessYes_andTheTargetIsUntouched()
            throws Exception {
        Path jdk = Jdks.withFeature(17, 23, "HotSpot before 23 discards its compiled code");
        try (Target target = Target.start(jdk)) {
            Cli.Result refused = Cli.run("trace", Long.toString(target.pid()), "com.acme.shop.Pricing#price", "1");

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.stderr().strip()).as("one line").doesNotContain("\n")
                    .startsWith("not loading the agent into pid " + target.pid() + " (")
                    .contains("JDK-8324241", "no console", "pass --yes", "-javaagent:");
            assertThat(ControlSocket.path(target.pid())).doesNotExist();
            assertThat(Cli.run("status", Long.toString(target.pid())).stdout())
                    .containsExactly("pid " + target.pid() + ": no SmartTracer agent loaded; nothing is traced or"
                            + " recorded there.");
        }
    }

    @Test
    void withDynamicAgentLoadingDisabled_theCommandLineSaysToStartWithTheAgent_whichThenWorks() throws Exception {
        Path jdk = Jdks.withFeature(21, Integer.MAX_VALUE, "-XX:-EnableDynamicAgentLoading exists from JDK 21");
        try (Target target = Target.start(jdk, "-XX:-EnableDynamicAgentLoading")) {
            Cli.Result refused = Cli.run("trace", Long.toString(target.pid()), "com.acme.shop.Pricing#price", "1",
                    "--yes");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
            assertThat(refused.stderr()).contains("-XX:-EnableDynamicAgentLoading", "-javaagent:");
        }
        try (Target target = Target.start(jdk, "-XX:-EnableDynamicAgentLoading", "-javaagent:" + Cli.agentJar())) {
            Cli.Result traced = Cli.run("trace", Long.toString(target.pid()), "com.acme.shop.Pricing#price", "2");
            assertThat(traced.exitCode()).as(traced.toString()).isZero();
            assertThat(traced.linesWith(" is being called with: [")).hasSize(2);
            assertThat(target.output()).allMatch(line -> line.startsWith("DemoService pid"));
        }
    }

    @Test
    void withAttachDisabled_theCommandLineSaysSo_andWithTheAgentAtStartupItStillTraces() throws Exception {
        try (Target target = Target.start("-XX:+DisableAttachMechanism")) {
            Cli.Result refused = Cli.run("trace", Long.toString(target.pid()), "com.acme.shop.Pricing#price", "1",
                    "--yes");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
            assertThat(refused.stderr().strip()).contains("attach is disabled", "-XX:+DisableAttachMechanism",
                    "-javaagent:").doesNotContain("\n");
        }
        try (Target target = Target.start("-XX:+DisableAttachMechanism", "-javaagent:" + Cli.agentJar())) {
            Cli.Result traced = Cli.run("trace", Long.toString(target.pid()), "com.acme.shop.Pricing#price", "2");
            assertThat(traced.exitCode()).as(traced.toString()).isZero();
        }
    }

    @Test
    void aProcessThatIsNotAJvm_isRefusedWithoutBeingSignalled() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Cli.Result result = Cli.run("trace", Long.toString(sleep.pid()), "com.acme.shop.Pricing#price", "1");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
            assertThat(result.stderr().strip()).contains("is not a Java virtual machine", "smarttracer jvms");
            assertThat(sleep.isAlive()).as("the process was not signalled").isTrue();
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void jvms_listsVersionAndWhetherTheAgentRuns_leavingOutSmartTracersOwnJvms() throws Exception {
        try (Target plain = Target.start(); Target withAgent = Target.start("-javaagent:" + Cli.agentJar());
                Cli tracing = Cli.start("trace", Long.toString(withAgent.pid()), "com.acme.shop.Pricing#price",
                        "1000000")) {
            tracing.expect("is being called with");

            Cli.Result jvms = Cli.run("jvms");

            assertThat(jvms.exitCode()).as(jvms.toString()).isZero();
            assertThat(jvms.stdout()).as("the tracing command and jvms itself are not listed")
                    .noneMatch(line -> line.startsWith(tracing.process().pid() + " "))
                    .noneMatch(line -> line.contains("smarttracer.jar"));
            String version = System.getProperty("java.version");
            assertThat(jvms.stdout()).anyMatch(line -> line.matches(plain.pid() + " +" + version.replace(".", "\\.")
                    + " +- +dev\\.smarttracer\\.samples\\.DemoService.*"));
            assertThat(jvms.stdout()).anyMatch(line -> line.matches(withAgent.pid() + " +"
                    + version.replace(".", "\\.") + " +agent \\S+ +dev\\.smarttracer\\.samples\\.DemoService.*"));
        }
    }

    /** Returns the names of the target's threads that start with smarttracer-. */
    static List<String> threads(Path jdk, long pid) throws IOException, InterruptedException {
        return jcmd(jdk, pid, "Thread.print").lines().filter(line -> line.startsWith("\"smarttracer-"))
                .map(line -> line.substring(1, line.indexOf('"', 1))).toList();
    }

    private static List<String> loadedClasses(Path jdk, long pid) throws IOException, InterruptedException {
        return jcmd(jdk, pid, "GC.class_histogram").lines().map(String::trim)
                .filter(line -> line.matches("\\d+: +\\d+ +\\d+ +\\S+.*")).map(line -> line.split("\\s+")[3])
                .filter(name -> name.startsWith("dev.smarttracer.")).toList();
    }

    static String jcmd(Path jdk, long pid, String... command) throws IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>(List.of(jdk.resolve("bin/jcmd").toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
        try {
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return output;
        } finally {
            jcmd.destroyForcibly();
        }
    }
}
