package dev.smarttracer.agent.internal.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code smarttracer jvms}: the JVMs this user may attach to, with their Java version and whether
 * the SmartTracer agent already runs in them, read without attaching (from each JVM's performance
 * data and the agent's socket).
 */
@Command(name = "jvms", mixinStandardHelpOptions = true,
        description = "Lists the JVMs this user may attach to: pid, Java version, whether the SmartTracer agent"
                + " runs there, and main class. Attaches to none of them.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:done"})
final class JvmsCommand implements Callable<Integer> {

    @ParentCommand
    private SmartTracerCli cli;

    @Override
    public Integer call() {
        long self = ProcessHandle.current().pid();
        List<VirtualMachineDescriptor> jvms = VirtualMachine.list().stream()
                .filter(jvm -> !jvm.id().equals(Long.toString(self)))
                .sorted(Comparator.comparingLong(jvm -> parse(jvm.id())))
                .toList();
        if (jvms.isEmpty()) {
            cli.out.println("No JVM found that this user may attach to.");
            return ExitCode.OK;
        }
        cli.out.printf("%-8s %-10s %-22s %s%n", "PID", "JAVA", "SMARTTRACER", "MAIN CLASS");
        for (VirtualMachineDescriptor jvm : jvms) {
            long pid = parse(jvm.id());
            String version = "?";
            String agent = "?";
            String main = jvm.displayName();
            try {
                TargetJvm target = TargetJvm.inspect(pid);
                PerfData perf = PerfData.of(target);
                version = perf.javaVersion();
                if (main.isBlank()) {
                    main = perf.command();
                }
                agent = agentOf(target);
            } catch (CliFailure unreachable) {
                agent = "unreachable";
            }
            cli.out.printf("%-8d %-10s %-22s %s%n", pid, version, agent, main.isBlank() ? "?" : main);
        }
        return ExitCode.OK;
    }

    private static String agentOf(TargetJvm target) {
        if (ControlDirectory.of(target).problem().isPresent()) {
            return "blocked: see status";
        }
        try {
            Optional<AgentClient> client = AgentClient.connect(target);
            if (client.isEmpty()) {
                return "-";
            }
            try (AgentClient connected = client.get()) {
                return "agent " + connected.hello().stringOrNull("agent");
            }
        } catch (CliFailure | dev.smarttracer.agent.internal.protocol.MalformedFrameException other) {
            return "other agent";
        }
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException notAPid) {
            return -1;
        }
    }
}
