package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent in a small heap under load: clients that stop reading cost the target at most the
 * agent's budget, their traces end {@code OVERLOAD}, the application goes on, and each client,
 * resumed, learns what did not arrive; and the agent's own threads are never traced.
 */
@Tag("soak") // a run under load: in ./mvnw verify -Psoak, which CI runs
@Timeout(300)
class AgentUnderLoadIT {

    private static final long BUDGET = 16L << 20;

    @Test
    void threeStoppedCommands_onA128MiBTargetUnderLoad_costAtMostTheBudget_andEachLearnsWhatItLost()
            throws Exception {
        try (Target target = Target.start(Jdks.current(), List.of("-Xmx128m", "-XX:+UseSerialGC"),
                List.of("--interval-ms", "0", "--report-ms", "500"))) {
            String pid = Long.toString(target.pid());
            List<Cli> commands = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Cli command = Cli.start("trace", pid, "com.acme.shop.Inventory#reserve", "5000000", "--return",
                            "--yes");
                    commands.add(command);
                    command.expect("returns:");
                    signal("STOP", command);
                }

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                String status = ControlSocket.status(target.pid());
                long worstUsed = 0;
                while (status.contains("\"state\"") && System.nanoTime() < deadline) {
                    worstUsed = Math.max(worstUsed, budgetUsed(status));
                    TimeUnit.MILLISECONDS.sleep(20);
                    status = ControlSocket.status(target.pid());
                }
                worstUsed = Math.max(worstUsed, budgetUsed(status));
                long liveHeap = liveHeapBytes(target.pid());

                assertThat(status).as("every trace ended").doesNotContain("\"state\"");
                assertThat(ControlSocket.number(status, "instrumentedClasses")).isZero();
                assertThat(worstUsed).as("bytes held for the clients at worst").isPositive().isLessThanOrEqualTo(BUDGET);
                assertThat(ControlSocket.number(status, "maxBytes")).as("the recorder's bound in a 128 MiB heap")
                        .isLessThanOrEqualTo(16L << 20);
                assertThat(status).as("nothing recorded without --record").contains("\"recordings\":[]");
                assertThat(liveHeap).as("the target's live heap with three clients stopped").isLessThan(64L << 20);
                assertThat(target.output()).noneMatch(line -> line.contains("OutOfMemoryError"));
                String before = target.expect("WINDOW");
                String after = target.expect("WINDOW");
                assertThat(orders(after)).as("the load goes on: " + before + " then " + after).isPositive();

                for (Cli command : commands) {
                    signal("CONT", command);
                }
                for (Cli command : commands) {
                    Cli.Result result = command.await();
                    String printed = String.join("\n", result.stdout()) + "\n" + result.stderr();
                    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
                    // Either its end waited in the socket, or the target closed the connection and the
                    // command asked for the end again: the same summary either way. The budget filled
                    // first (events dropped, counted) or the engine's queue did (the trace stopped with
                    // every event of its calls in the outbox): either way, what was not shown is said.
                    Matcher overloaded = Pattern.compile("Overloaded \\([^)]*\\): (\\d+) calls").matcher(printed);
                    assertThat(overloaded.find()).as("it says the trace overloaded: " + printed.lines()
                            .filter(line -> !line.contains("Inventory.reserve")).toList()).isTrue();
                    assertThat(printed).as("and what filled").containsPattern("The agent's budget for events on"
                            + " their way to commands, [0-9.]+ MiB, was full|Its queue in the target reached its bound");
                    Matcher lost = Pattern.compile("(\\d+) events of these calls did not arrive").matcher(printed);
                    long shown = result.stdout().stream().filter(line -> line.contains(" is being called with: ")
                            || line.contains(" returns: ") || line.contains(" raised: ")).count();
                    assertThat(shown + (lost.find() ? Long.parseLong(lost.group(1)) : 0))
                            .as("every event of its calls shown, or counted as not arrived")
                            .isEqualTo(2 * Long.parseLong(overloaded.group(1)));
                }
                assertThat(target.output()).as("the target printed only its own lines")
                        .allMatch(line -> line.startsWith("DemoService pid") || line.startsWith("WINDOW ")
                                || Target.isJvmDynamicAgentWarning(line));
            } finally {
                for (Cli command : commands) {
                    signal("CONT", command);
                    command.close();
                }
            }
        }
    }

    @Test
    void aCommandStoppedLongerThanTheWriteLimit_isCutOff_andResumedAsksForItsEnd() throws Exception {
        try (Target target = Target.start(Jdks.current(), List.of(), List.of("--interval-ms", "1"));
                Cli command = Cli.start("trace", Long.toString(target.pid()), "com.acme.shop.Inventory#reserve",
                        "5000000", "--return", "--yes")) {
            command.expect("returns:");
            signal("STOP", command);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String status = ControlSocket.status(target.pid());
            while (status.contains("\"state\"") && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
                status = ControlSocket.status(target.pid());
            }
            assertThat(status).as("the trace ended while its command was stopped").doesNotContain("\"state\"");
            while (ControlSocket.number(status, "connections") > 1 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
                status = ControlSocket.status(target.pid());
            }
            assertThat(ControlSocket.number(status, "connections")).as("the stopped command's connection was closed;"
                    + " the one left is this status request's").isEqualTo(1);

            signal("CONT", command);
            Cli.Result result = command.await();

            String printed = String.join("\n", result.stdout()) + "\n" + result.stderr();
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(printed).contains("closed the connection: this command had stopped reading")
                    .contains("Client gone").containsPattern("[1-9]\\d* events of these calls did not arrive");
        }
    }

    @Test
    void aTraceOfAJdkMethodThatTheAgentItselfCalls_seesOnlyTheApplicationsCalls() throws Exception {
        try (Target target = Target.start(Jdks.current(), List.of(), List.of("--interval-ms", "1"))) {
            Cli.Result result = Cli.run("trace", Long.toString(target.pid()), "java.lang.String#length", "5000",
                    "--allow-jdk", "--json", "--yes");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<String> events = result.stdout().stream().filter(line -> line.contains("\"type\":\"CALL\""))
                    .toList();
            assertThat(events).hasSize(5000);
            assertThat(events).as("calls made by the agent's own threads")
                    .noneMatch(line -> line.contains("\"threadName\":\"smarttracer-"));
        }
    }

    @Test
    void anAgentThatCannotOpenItsChannel_printsNothing_throwsNothing_andLeavesWhyInAProperty() throws Exception {
        assumeTrue(ContainerAndUserIT.root(), "needs root to make a directory of another user");
        try (Target target = Target.start()) {
            Path blocked = ControlSocket.path(target.pid()).getParent();
            Files.createDirectory(blocked, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            try {
                Files.setAttribute(blocked, "unix:uid", 65534);
                String jar = Cli.agentJar().toAbsolutePath().toString();

                VirtualMachine vm = VirtualMachine.attach(Long.toString(target.pid()));
                String failure;
                try {
                    // The command line refuses before loading; this is what a load despite it finds.
                    vm.loadAgent(jar, "control=" + jar);
                    failure = vm.getSystemProperties().getProperty("smarttracer.agent.failure");
                } finally {
                    vm.detach();
                }

                assertThat(failure).as("why, where the command line reads it").contains("belongs to another user");
                assertThat(target.output()).as("nothing on the application's output")
                        .allMatch(line -> line.startsWith("DemoService pid") || Target.isJvmDynamicAgentWarning(line));
            } finally {
                Files.deleteIfExists(blocked);
            }
        }
    }

    private static void signal(String signal, Cli command) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(command.process().pid())).start().waitFor();
    }

    private static long budgetUsed(String status) {
        Matcher used = Pattern.compile("\"budget\":\\{\"bytes\":(\\d+),\"used\":(\\d+),\"peak\":(\\d+)")
                .matcher(status);
        assertThat(used.find()).as("status shows the budget: " + status).isTrue();
        assertThat(Long.parseLong(used.group(1))).isEqualTo(BUDGET);
        return Math.max(Long.parseLong(used.group(2)), Long.parseLong(used.group(3)));
    }

    private static long orders(String window) {
        return Long.parseLong(window.split(" ")[2]);
    }

    /** The bytes of live objects in a JVM, after the full collection {@code jmap -histo:live} makes. */
    private static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        Process jmap = new ProcessBuilder(Jdks.current().resolve("bin/jmap").toString(), "-histo:live",
                Long.toString(pid)).redirectErrorStream(true).start();
        String out = new String(jmap.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(jmap.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(out);
        assertThat(total.find()).as("jmap's total: " + out).isTrue();
        return Long.parseLong(total.group(1));
    }
}
