package dev.smarttracer.agent.internal.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.smarttracer.agent.SmartTracerAgent;
import dev.smarttracer.agent.internal.protocol.Protocol;
import dev.smarttracer.internal.attach.AttachRules;
import dev.smarttracer.internal.attach.PerfData;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Loads the agent into a running JVM through the JDK's attach API (module {@code jdk.attach},
 * which also reaches JVMs in containers), from this very jar, after checking that doing so
 * cannot end the JVM or silently harm it:
 *
 * <ul>
 *   <li>a JVM whose attach mechanism is off ({@code -XX:+DisableAttachMechanism}) or that does
 *       not handle SIGQUIT ({@code -Xrs}, where the signal that starts the attach listener would
 *       end it) is refused with what to do instead;</li>
 *   <li>HotSpot before JDK 23 discards all its compiled code when the first agent arrives late
 *       (JDK-8324241): the tool says so and asks on an interactive console; without one it
 *       refuses unless told {@code --yes}.</li>
 * </ul>
 *
 * <p>A JVM in another mount namespace (a container) cannot open this jar by its path here, so
 * the jar is first copied into that JVM's {@code /tmp}.
 */
final class AgentAttacher {

    private final PrintStream err;
    private final Terminal terminal;
    private final boolean yes;

    /**
     * @param err where explanations go
     * @param terminal asks the question about compiled code
     * @param yes whether the question is answered yes in advance
     */
    AgentAttacher(PrintStream err, Terminal terminal, boolean yes) {
        this.err = err;
        this.terminal = terminal;
        this.yes = yes;
    }

    /**
     * Loads the agent into a target and returns when its control socket is open.
     *
     * @param target the target
     * @throws CliFailure if the JVM cannot or may not be attached, or the agent failed to start
     */
    void load(TargetJvm target) {
        long pid = target.pid();
        PerfData perf = PerfData.of(target.tmp(), target.ownPid());
        if (perf.attachDisabled()) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "cannot attach to pid " + pid + ": attach is disabled in it"
                    + " (-XX:+DisableAttachMechanism); restart it with -javaagent:" + agentJar()
                    + " to trace it with smarttracer");
        }
        if (!target.attachListenerRuns() && !target.handlesSigquit()) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "cannot attach to pid " + pid + ": it does not handle"
                    + " SIGQUIT (started with -Xrs?), and the signal that starts its attach listener would end it;"
                    + " restart it with -javaagent:" + agentJar());
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException | SecurityException failed) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "cannot attach to pid " + pid + ": " + failed.getMessage()
                    + "; if its attach mechanism is disabled, restart it with -javaagent:" + agentJar());
        }
        try {
            confirmCompiledCodeLoss(target, vm.getSystemProperties());
            String jar = jarInTarget(target);
            vm.loadAgent(jar, SmartTracerAgent.CONTROL_ARGUMENT + jar);
            // The agent never throws into the JVM's attach code; it leaves why it failed here.
            String failure = vm.getSystemProperties().getProperty(SmartTracerAgent.FAILURE_PROPERTY);
            if (failure != null) {
                throw new CliFailure(ExitCode.ATTACH_FAILED, ControlDirectory.of(target).problem().orElse(
                        "the SmartTracer agent could not start in pid " + pid + ": " + failure
                                + "; fix that, then run again"));
            }
        } catch (AgentLoadException refused) {
            String reason = String.valueOf(refused.getMessage());
            throw new CliFailure(ExitCode.ATTACH_FAILED, reason.contains("ynamic agent loading")
                    ? "pid " + pid + " does not allow loading an agent while it runs (-XX:-EnableDynamicAgentLoading);"
                            + " restart it with -javaagent:" + agentJar() + " (the agent then waits, dormant)"
                    : "pid " + pid + " refused the SmartTracer agent: " + reason);
        } catch (AgentInitializationException failed) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, ControlDirectory.of(target).problem().orElse(
                    "the SmartTracer agent failed to start in pid " + pid + " (return code " + failed.returnValue()
                            + "); the JVM printed why on its standard error"));
        } catch (IOException failed) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "lost pid " + pid + " while loading the agent: "
                    + failed.getMessage());
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // the agent is loaded or the failure was reported
            }
        }
    }

    private void confirmCompiledCodeLoss(TargetJvm target, Properties properties) {
        String vmName = properties.getProperty("java.vm.name", "");
        String version = properties.getProperty("java.version", "?");
        int feature = feature(properties.getProperty("java.specification.version", "0"));
        if (!AttachRules.discardsCompiledCodeOnLateAgent(vmName, feature)) {
            return;
        }
        if (!yes && !terminal.interactive()) {
            throw new CliFailure(ExitCode.FAILED, "not loading the agent into pid " + target.pid() + " (" + vmName
                    + " " + version + "): before JDK 23 a load makes it discard all its compiled code and run"
                    + " interpreted, several times slower, for some seconds (JDK-8324241), and there is no console"
                    + " to ask; pass --yes to load it anyway, or start the JVM with -javaagent:" + agentJar());
        }
        err.println("pid " + target.pid() + " runs " + vmName + " " + version + " without the SmartTracer agent."
                + " Loading an agent into a running HotSpot before JDK 23 makes it discard all its compiled code"
                + " (JDK-8324241): the application runs interpreted, several times slower, for some seconds while"
                + " the JIT compiles it again. Starting it with -javaagent:" + agentJar() + " avoids this.");
        if (yes) {
            return;
        }
        if (!terminal.confirm("Load the agent into pid " + target.pid() + " now?")) {
            throw new CliFailure(ExitCode.FAILED, "not loading the agent; pid " + target.pid() + " is untouched");
        }
    }

    private static int feature(String specification) {
        try {
            return Integer.parseInt(specification.startsWith("1.") ? specification.substring(2) : specification);
        } catch (NumberFormatException unknown) {
            return 0;
        }
    }

    /** Returns this jar's path as the target can open it: the same, or a copy in a container's /tmp. */
    private static String jarInTarget(TargetJvm target) throws IOException {
        Path jar = agentJar();
        if (target.tmp().equals(Path.of("/tmp"))) {
            return jar.toString();
        }
        String name = "smarttracer-" + Protocol.agentVersion() + ".jar";
        Path copy = target.tmp().resolve(name);
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return "/tmp/" + name;
    }

    /**
     * The system property in which the {@code smarttracer} launcher names the agent jar, when it
     * starts this tool from the jar {@link LauncherJar} wrote rather than from the agent jar.
     */
    static final String AGENT_JAR_PROPERTY = "smarttracer.agent.jar";

    /**
     * Returns the path of the agent jar this tool runs from, or that the launcher named.
     *
     * @return the jar
     */
    static Path agentJar() {
        String named = System.getProperty(AGENT_JAR_PROPERTY);
        if (named != null && !named.isEmpty()) {
            return Path.of(named).toAbsolutePath();
        }
        try {
            return Path.of(AgentAttacher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException notAJar) {
            return Path.of("smarttracer.jar");
        }
    }
}
