package dev.smarttracer.agent.internal.cli;

import dev.smarttracer.agent.internal.protocol.MalformedFrameException;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.agent.internal.protocol.Protocol;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code smarttracer stop <pid> [ID | --all] [--recordings]}: stops traces of the JVM's agent
 * ({@code STOPPED}; their clients print their summary) and drops its recordings.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stops the trace ID, or --all traces, of the SmartTracer agent in the JVM PID, and with"
                + " --recordings drops the recordings it keeps.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:no active trace of that ID", "2:usage", "3:attach failed"})
final class StopCommand implements Callable<Integer> {

    @ParentCommand
    private SmartTracerCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM")
    private long pid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "the trace to stop")
    private Long traceId;

    @Option(names = "--all", description = "stop every trace")
    private boolean all;

    @Option(names = "--recordings", description = "drop the recordings the agent keeps")
    private boolean recordings;

    @Override
    public Integer call() throws MalformedFrameException {
        if (traceId == null && !all && !recordings) {
            throw new ParameterException(spec.commandLine(), "say what to stop: a trace ID, --all, or --recordings");
        }
        if (traceId != null && all) {
            throw new ParameterException(spec.commandLine(), "give a trace ID or --all, not both");
        }
        TargetJvm target = TargetJvm.inspect(pid);
        Optional<AgentClient> connected = AgentClient.connect(target);
        if (connected.isEmpty()) {
            if (traceId != null) {
                throw new CliFailure(ExitCode.FAILED, "no active trace " + traceId + " in pid " + pid + ": no"
                        + " SmartTracer agent is loaded there; `smarttracer status " + pid + "` shows what runs");
            }
            cli.out.println("pid " + pid + ": no SmartTracer agent loaded; nothing to stop.");
            return ExitCode.OK;
        }
        Message request = Message.of(Protocol.STOP).with("all", all).with("recordings", recordings);
        if (traceId != null) {
            request = request.with("traceId", traceId);
        }
        Message answer;
        try (AgentClient client = connected.get()) {
            answer = client.ask(request);
        }
        List<Object> stopped = answer.list("traces");
        if (traceId != null || all) {
            if (traceId != null && stopped.isEmpty()) {
                printDropped(answer);
                cli.out.flush();
                throw new CliFailure(ExitCode.FAILED, "no active trace " + traceId + " in pid " + pid
                        + "; `smarttracer status " + pid + "` lists them");
            }
            cli.out.println(stopped.isEmpty() ? "pid " + pid + ": no active trace to stop."
                    : "pid " + pid + ": stopped trace" + (stopped.size() == 1 ? " " : "s ")
                            + String.join(", ", stopped.stream().map(String::valueOf).toList()) + ".");
        }
        printDropped(answer);
        return ExitCode.OK;
    }

    private void printDropped(Message answer) throws MalformedFrameException {
        if (recordings) {
            cli.out.println("pid " + pid + ": dropped " + answer.whole("recordingsDropped") + " recordings ("
                    + answer.whole("eventsDropped") + " events).");
        }
    }
}
