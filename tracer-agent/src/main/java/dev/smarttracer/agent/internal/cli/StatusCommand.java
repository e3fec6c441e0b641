package dev.smarttracer.agent.internal.cli;

import dev.smarttracer.agent.internal.protocol.MalformedFrameException;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.agent.internal.protocol.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code smarttracer status <pid>}: whether the agent runs in the JVM, and what it runs and
 * holds: active traces, instrumented classes, the recorder and each recording with until when it
 * is kept, and the agent's warnings. Never loads the agent.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the SmartTracer agent of the JVM PID: active traces, instrumented classes, threads,"
                + " recordings and until when they are kept, warnings. Does not load the agent.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:done", "2:usage", "3:attach failed"})
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private SmartTracerCli cli;

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM")
    private long pid;

    @Option(names = "--json", description = "print the agent's answer as one JSON object")
    private boolean json;

    @Override
    public Integer call() throws MalformedFrameException {
        TargetJvm target = TargetJvm.inspect(pid);
        Optional<AgentClient> connected = AgentClient.connect(target);
        if (connected.isEmpty()) {
            cli.out.println("pid " + pid + ": no SmartTracer agent loaded; nothing is traced or recorded there.");
            return ExitCode.OK;
        }
        Message status;
        try (AgentClient client = connected.get()) {
            status = client.ask(Message.of(Protocol.STATUS));
        }
        if (json) {
            cli.out.println(status.toJson());
            return ExitCode.OK;
        }
        cli.out.println("pid " + pid + ": SmartTracer agent " + status.string("agent") + " (control protocol "
                + status.whole("protocol") + "), loaded " + (status.flag("loadedAtStartup", false)
                        ? "at start-up (-javaagent)" : "into the running JVM"));
        List<Object> traces = status.list("traces");
        cli.out.println("active traces: " + (traces.isEmpty() ? "none" : traces.size()));
        for (Object one : traces) {
            Map<?, ?> trace = (Map<?, ?>) one;
            cli.out.println("  trace " + trace.get("traceId") + ": " + trace.get("pattern") + ", " + trace.get("delivered")
                    + "/" + trace.get("limit") + " calls, " + trace.get("state"));
            if (trace.get("options") != null) {
                cli.out.println("    options: " + trace.get("options"));
            }
            if (trace.get("queue") instanceof Map<?, ?> queue) {
                cli.out.println("    waiting for its handler: " + queue.get("events") + " events, "
                        + SizeText.mebibytes(queue.get("bytes")) + " (it ends OVERLOAD past " + queue.get("maxEvents")
                        + " events or " + SizeText.mebibytes(queue.get("maxBytes")) + ")");
            }
            if (trace.get("rejected") instanceof Map<?, ?> rejected) {
                cli.out.println("    turned away so far: " + rejected.entrySet().stream()
                        .map(entry -> entry.getValue() + (entry.getKey().equals("keys") ? " distinct keys held"
                                : " by " + entry.getKey()))
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
            if (Boolean.TRUE.equals(trace.get("waiting"))) {
                cli.out.println("    waits for classes to load: no loaded class has a method it selects yet");
            } else if (trace.get("laterClasses") instanceof Number taken && taken.longValue() > 0) {
                cli.out.println("    classes taken as they loaded: " + taken);
            }
            if (trace.get("laterRefused") instanceof Number refused && refused.longValue() > 0) {
                cli.out.println("    classes left out as they loaded: " + refused + " (" + String.join("; ",
                        ((List<?>) trace.get("laterRefusals")).stream().map(String::valueOf).toList()) + ")");
            }
            if (trace.get("conditionFailures") != null) {
                cli.out.println("    its condition could not be evaluated " + trace.get("conditionFailures")
                        + " times, each counted as no match (" + trace.get("conditionFailure") + ")");
            }
        }
        cli.out.println("instrumented classes: " + status.whole("instrumentedClasses") + " (probes in this JVM,"
                + " every SmartTracer engine: " + status.whole("probesInJvm") + ")");
        cli.out.println("tracer threads: " + status.whole("tracerThreads") + "; client connections: "
                + status.whole("connections"));
        if (status.has("budget")) {
            Map<String, Object> budget = status.object("budget");
            cli.out.println("budget for events waiting for clients: " + SizeText.mebibytes(budget.get("used")) + " of "
                    + SizeText.mebibytes(budget.get("bytes")) + " in use (" + SizeText.mebibytes(budget.get("peak")) + " at most so far);"
                    + " connections refused from other users: " + budget.get("refusedPeers"));
        }
        Map<String, Object> recorder = status.object("recorder");
        cli.out.println("recorder: " + recorder.get("events") + " events, ~" + recorder.get("bytes") + " bytes (bounds: "
                + recorder.get("maxEvents") + " events, " + recorder.get("maxBytes") + " bytes); "
                + recorder.get("dropped") + " dropped by the bounds");
        for (Object one : status.list("recordings")) {
            Map<?, ?> recording = (Map<?, ?>) one;
            Object until = recording.get("keptUntil");
            cli.out.println("  recording of trace " + recording.get("traceId") + ": " + recording.get("events")
                    + " events, " + (recording.get("stopReason") == null ? "still recording"
                            : recording.get("stopReason")) + ", " + (until == null ? "kept while its trace runs"
                                    : KeptText.of(until.toString(), cli.clock)));
        }
        List<Object> warnings = status.list("recentWarnings");
        cli.out.println("warnings: " + status.whole("warnings", 0));
        for (Object warning : warnings) {
            cli.out.println("  " + warning);
        }
        return ExitCode.OK;
    }
}
