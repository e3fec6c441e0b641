package dev.smarttracer.agent.internal.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code smarttracer}, the command-line tool: finds JVMs, attaches to one by pid, traces its
 * methods, plays back and exports what its agent recorded, shows and stops what runs there.
 * Started by {@code java -jar smarttracer.jar <command>} through the agent's entry point.
 *
 * <p>Every failure is one line on standard error that says what was wrong and what to do, and an
 * exit code: 0 done, 1 the trace failed or was refused, 2 usage, 3 attach failed, 130 interrupted.
 */
@Command(name = "smarttracer", mixinStandardHelpOptions = true,
        versionProvider = SmartTracerCli.Version.class,
        description = "Traces calls to methods of a running JVM by pid: the next N calls, their arguments,"
                + " returns and exceptions; then puts the original bytecode back.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the trace failed or was refused", "2:usage: a bad option or argument",
                "3:attach failed: no such process, not a JVM, another OS user, attach disabled, agent refused,"
                        + " control directory not the agent's",
                "130:interrupted (Ctrl-C); the trace was stopped in the target first"})
public final class SmartTracerCli implements Callable<Integer> {

    /** How long an agent just loaded may take to open its control socket. */
    static final Duration SOCKET_WAIT = Duration.ofSeconds(5);
    private static final long SOCKET_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    final PrintStream out;
    final PrintStream err;
    final Terminal terminal;
    /** What time it is, for what {@code status} says about how long recordings are kept. */
    final Clock clock;

    SmartTracerCli(PrintStream out, PrintStream err, Terminal terminal, Clock clock) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
    }

    /**
     * Runs a command line and exits with its exit code; called by the {@code smarttracer} launcher,
     * which starts the command line from the jar {@link LauncherJar} writes, with the agent jar's
     * path in the system property {@value AgentAttacher#AGENT_JAR_PROPERTY}.
     *
     * @param arguments the command line
     */
    public static void main(String[] arguments) {
        System.exit(run(arguments));
    }

    /**
     * Runs a command line; called by the agent's entry point. Started by the {@code smarttracer}
     * launcher, the command line then does what the launcher left to it ({@link LauncherArchive}).
     *
     * @param arguments the arguments after {@code smarttracer.jar}
     * @return the exit code
     */
    public static int run(String[] arguments) {
        LauncherArchive.started();
        Charset charset = Charset.defaultCharset();
        String encoding = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
        if (encoding != null && Charset.isSupported(encoding)) {
            charset = Charset.forName(encoding);
        }
        // Standard output is buffered and flushed by the commands when they wait or end: a trace
        // that streams thousands of events a second writes them in batches, not a line at a time.
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), false, charset);
        int exitCode;
        try {
            exitCode = run(arguments, out, System.err, Terminal.detect());
        } finally {
            out.flush();
        }
        LauncherArchive.afterCommand(exitCode);
        return exitCode;
    }

    /**
     * Runs a command line with given streams.
     *
     * @param arguments the arguments
     * @param out standard output
     * @param err standard error
     * @param terminal the console, if any
     * @return the exit code
     */
    static int run(String[] arguments, PrintStream out, PrintStream err, Terminal terminal) {
        if (arguments.length > 1 && CONNECTING.contains(arguments[0])) {
            warmUpConnecting();
        }
        CommandLine commandLine = new CommandLine(new SmartTracerCli(out, err, terminal, Clock.systemUTC()));
        addCommands(commandLine, arguments);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((failure, args) -> {
            String command = failure.getCommandLine().getCommandName();
            String qualified = command.equals("smarttracer") ? command : "smarttracer " + command;
            err.println(qualified + ": " + failure.getMessage() + "; see " + qualified + " --help");
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((failure, command, parsed) -> {
            if (failure instanceof CliFailure known) {
                err.println(known.getMessage());
                return known.exitCode();
            }
            if (failure instanceof IllegalArgumentException usage) {
                err.println("smarttracer " + command.getCommandName() + ": " + usage.getMessage());
                return ExitCode.USAGE;
            }
            throw failure;
        });
        return commandLine.execute(arguments);
    }

    /** The commands that look a JVM up by pid and connect to its agent. */
    private static final Set<String> CONNECTING = Set.of("trace", "playback", "status", "stop");

    /**
     * Readies, on a thread of its own, what a command that connects to a target needs first and
     * the JDK makes once per JVM (NIO's sockets, the process table): about 35 ms of a trace
     * command's start, done while the main thread builds the command line's model. Nothing here
     * touches a target, and a failure leaves the command to meet it as it would have anyway.
     */
    private static void warmUpConnecting() {
        Thread warmUp = new Thread(() -> {
            try {
                ProcessHandle.current().info();
                SocketChannel.open(StandardProtocolFamily.UNIX).close();
            } catch (IOException | RuntimeException ignored) {
                // the command opens its own socket, and reports what fails there
            }
        }, "smarttracer-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /**
     * Adds the command the arguments name, or every command if they name none: building a
     * command's model costs start-up time, and {@code smarttracer trace} is timed to its first event.
     */
    private static void addCommands(CommandLine commandLine, String[] arguments) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("jvms", JvmsCommand::new);
        commands.put("trace", TraceCommand::new);
        commands.put("playback", PlaybackCommand::new);
        commands.put("status", StatusCommand::new);
        commands.put("stop", StopCommand::new);
        String named = arguments.length > 0 ? arguments[0] : "";
        if (commands.containsKey(named)) {
            commandLine.addSubcommand(named, commands.get(named).get());
            return;
        }
        commands.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
        commandLine.addSubcommand("help", new CommandLine.HelpCommand());
    }

    @Override
    public Integer call() {
        err.println("smarttracer: name a command: jvms, trace, playback, status or stop; see smarttracer --help");
        return ExitCode.USAGE;
    }

    /**
     * Connects to a target's agent, loading it first if it does not run there yet. A control
     * directory that is not the agent's is refused before anything is loaded.
     *
     * @param target the target
     * @param yes whether discarding a warm JVM's compiled code was agreed to in advance
     * @return the connection
     */
    AgentClient connectOrLoad(TargetJvm target, boolean yes) {
        return connectOrLoad(target, () -> new AgentAttacher(err, terminal, yes).load(target), SOCKET_WAIT);
    }

    /**
     * Connects to a target's agent, loading it first if it does not run there yet, and waits
     * for a loaded agent's socket; if it does not open in time, says why if the control
     * directory tells.
     *
     * @param target the target
     * @param load loads the agent into the target
     * @param wait how long a loaded agent may take to open its socket
     * @return the connection
     * @throws CliFailure with {@link ExitCode#ATTACH_FAILED} if the directory is not the agent's,
     *     or the socket did not open in time
     */
    static AgentClient connectOrLoad(TargetJvm target, Runnable load, Duration wait) {
        Optional<AgentClient> running = AgentClient.connect(target);
        if (running.isPresent()) {
            return running.get();
        }
        load.run();
        long deadline = System.nanoTime() + wait.toNanos();
        for (;;) {
            // A socket that refuses connections may be one the agent has bound but not yet listens on.
            Optional<AgentClient> loaded = AgentClient.connect(target, false);
            if (loaded.isPresent()) {
                return loaded.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                break;
            }
            LockSupport.parkNanos(SOCKET_POLL_NANOS);
        }
        ControlDirectory directory = ControlDirectory.of(target);
        throw new CliFailure(ExitCode.ATTACH_FAILED, directory.problem().orElse("the SmartTracer agent was loaded"
                + " into pid " + target.pid() + " but did not open its control socket " + target.socket() + " within "
                + wait.toMillis() + " ms; the JVM's standard error may say why (can its user write "
                + directory.path().getParent() + "?); then run again"));
    }

    /** The version {@code --version} prints. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"smarttracer " + dev.smarttracer.agent.internal.protocol.Protocol.agentVersion()
                    + " (control protocol " + dev.smarttracer.agent.internal.protocol.Protocol.VERSION + ")"};
        }
    }
}
