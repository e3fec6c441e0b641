package dev.smarttracer.agent.internal.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.smarttracer.internal.attach.PerfData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code smarttracer jvms}: the JVMs this user may attach to, with their Java version and whether
 * the SmartTracer agent already runs in them, read without attaching (from each JVM's performance
 * data and the agent's socket). The tool's own JVMs (this command and other smarttracer commands)
 * are left out.
 */
@Command(name = "jvms", mixinStandardHelpOptions = true,
        description = "Lists the JVMs this user may attach to (smarttracer's own left out): pid, Java version,"
                + " whether the SmartTracer agent runs there, and main class. Attaches to none of them.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:done"})
final class JvmsCommand implements Callable<Integer> {

    /** The main class of {@code smarttracer.jar}, the agent's entry point, named so that it need not be loaded. */
    private static final String ENTRY_POINT = "dev.smarttracer.agent.SmartTracerAgent";

    @ParentCommand
    private SmartTracerCli cli;

    @Override
    public Integer call() {
        long self = ProcessHandle.current().pid();
        List<VirtualMachineDescriptor> jvms = VirtualMachine.list().stream()
                .filter(jvm -> !jvm.id().equals(Long.toString(self)))
                .filter(jvm -> !isSmartTracerCommand(jvm.displayName(),
                        Path.of("/proc", jvm.id(), "cwd")))
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
                PerfData perf = PerfData.of(target.tmp(), target.ownPid());
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

    /**
     * Tells whether a JVM runs this tool rather than an application: its main class is the
     * agent's entry point or the command line's own (as the {@code smarttracer} launcher starts
     * it), or its main jar is this very jar or one whose {@code Main-Class} is
     * that entry point ({@code java -jar smarttracer.jar ...}).
     *
     * @param command the JVM's main class or jar and its arguments, as {@code jps} shows them
     * @param workingDirectory the JVM's working directory, against which a relative jar is read
     * @return whether it is a smarttracer command
     */
    static boolean isSmartTracerCommand(String command, Path workingDirectory) {
        String main = command.strip().split("\\s+", 2)[0];
        if (main.equals(ENTRY_POINT) || main.equals(SmartTracerCli.class.getName())) {
            return true;
        }
        if (!main.endsWith(".jar")) {
            return false;
        }
        try {
            Path jar = workingDirectory.resolve(main);
            // Only a regular file is opened: a named pipe there would block this command.
            if (!Files.isRegularFile(jar)) {
                return false;
            }
            if (Files.isSameFile(jar, AgentAttacher.agentJar())) {
                return true;
            }
            try (JarFile file = new JarFile(jar.toFile(), false)) {
                Manifest manifest = file.getManifest();
                return manifest != null
                        && ENTRY_POINT.equals(manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS));
            }
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
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
