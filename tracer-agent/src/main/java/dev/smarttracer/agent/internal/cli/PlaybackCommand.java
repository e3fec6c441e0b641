package dev.smarttracer.agent.internal.cli;

import dev.smarttracer.agent.internal.protocol.Frame;
import dev.smarttracer.agent.internal.protocol.FrameKind;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.agent.internal.protocol.Protocol;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallFormatter;
import dev.smarttracer.recorder.Recording;
import dev.smarttracer.recorder.internal.JsonLine;
import dev.smarttracer.recorder.internal.JsonLinesCodec;
import dev.smarttracer.recorder.internal.TraceEnd;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code smarttracer playback <pid>} and {@code smarttracer playback --file calls.jsonl}: prints
 * recorded calls again, in SmartTracer's words or as JSON Lines, or writes them to a file. Reading
 * from a JVM does not consume its recordings.
 */
@Command(name = "playback", mixinStandardHelpOptions = true,
        description = {"Prints the calls recorded by traces with --record in the JVM PID (they stay there), or"
                + " those of a JSON Lines file, oldest first, each trace ending with its stop reason."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:nothing recorded, or the file is malformed", "2:usage", "3:attach failed"})
final class PlaybackCommand implements Callable<Integer> {

    @ParentCommand
    private SmartTracerCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PID", description = "the JVM whose recordings to play")
    private Long pid;

    @Option(names = "--file", paramLabel = "FILE", description = "play a JSON Lines file instead of a JVM's recordings")
    private Path file;

    @Option(names = "--trace", paramLabel = "ID", description = "only this trace")
    private Long traceId;

    @Option(names = "--json", description = "print JSON Lines instead of SmartTracer's words")
    private boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "write JSON Lines to FILE instead of printing")
    private Path out;

    @Override
    public Integer call() throws IOException {
        if ((pid == null) == (file == null)) {
            throw new ParameterException(spec.commandLine(), "name either a PID or --file FILE");
        }
        if (traceId != null && traceId < 1) {
            throw new ParameterException(spec.commandLine(), "--trace must be a trace id (1 or more); got " + traceId);
        }
        JsonLinesCodec.Content content = pid != null ? fromJvm(pid) : fromFile(file);
        List<Recording> recordings = recordings(content);
        if (recordings.isEmpty()) {
            cli.err.println(pid != null ? "pid " + pid + " holds no recording" + (traceId == null ? "" : " of trace "
                    + traceId) + "; record with smarttracer trace " + pid + " '<methods>' <limit> --record"
                    : file + " holds no recording" + (traceId == null ? "" : " of trace " + traceId));
            return ExitCode.FAILED;
        }
        if (out != null) {
            long events;
            try {
                events = JsonLinesCodec.writeFile(out, writer -> JsonLinesCodec.writeRecordings(recordings, writer));
            } catch (UncheckedIOException cannot) {
                throw new CliFailure(ExitCode.FAILED, cannot.getMessage());
            }
            cli.err.println("Wrote " + events + " events of " + recordings.size() + " trace"
                    + (recordings.size() == 1 ? "" : "s") + " to " + out);
            return ExitCode.OK;
        }
        StringWriter lines = new StringWriter();
        JsonLinesCodec.writeRecordings(recordings, lines);
        boolean prefix = recordings.size() > 1;
        for (String line : lines.toString().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (json) {
                cli.out.println(line);
                continue;
            }
            Object read = JsonLine.read(line);
            if (read instanceof Call call) {
                cli.out.println((prefix ? "[trace " + call.traceId() + "] " : "") + CallFormatter.describeWithStack(call));
            } else if (read instanceof TraceEnd end) {
                String dropped = end.droppedEvents() == 0 ? ""
                        : " (" + end.droppedEvents() + " earlier events were dropped by the recorder's limits.)";
                cli.out.println((prefix ? "[trace " + end.traceId() + "] " : "") + end.stopReason().message() + dropped);
            }
        }
        cli.out.flush();
        return ExitCode.OK;
    }

    private JsonLinesCodec.Content fromJvm(long target) throws IOException {
        TargetJvm jvm = TargetJvm.inspect(target);
        try (AgentClient client = AgentClient.connect(jvm).orElseThrow(() -> new CliFailure(ExitCode.FAILED,
                "pid " + target + " has no SmartTracer agent loaded, so nothing was recorded there; record with"
                        + " smarttracer trace " + target + " '<methods>' <limit> --record"))) {
            Message request = Message.of(Protocol.PLAYBACK);
            if (traceId != null) {
                request = request.with("traceId", traceId);
            }
            client.send(request);
            StringBuilder text = new StringBuilder();
            for (;;) {
                Frame frame = client.readFrame();
                if (frame == null) {
                    throw new CliFailure(ExitCode.FAILED, "pid " + target + " closed the connection during the"
                            + " playback; did the JVM exit?");
                }
                if (frame.kind() == FrameKind.RECORDING_LINE) {
                    text.append(frame.text()).append('\n');
                    continue;
                }
                if (frame.kind() != FrameKind.CONTROL) {
                    throw client.unexpected(frame, "a playback");
                }
                Message message = frame.message();
                if (Protocol.DONE.equals(message.type())) {
                    break;
                }
                // an error ends the playback; another message, from a newer agent, has nothing to show
                client.failOnError(message);
            }
            return JsonLinesCodec.read(new StringReader(text.toString()), "pid " + target);
        }
    }

    private JsonLinesCodec.Content fromFile(Path source) {
        try {
            JsonLinesCodec.Content content = JsonLinesCodec.readFile(source);
            if (traceId == null) {
                return content;
            }
            return new JsonLinesCodec.Content(
                    content.calls().stream().filter(call -> call.traceId() == traceId).toList(),
                    content.ends().stream().filter(end -> end.traceId() == traceId).toList());
        } catch (UncheckedIOException unreadable) {
            throw new CliFailure(ExitCode.FAILED, unreadable.getMessage());
        } catch (IllegalArgumentException malformed) {
            throw new CliFailure(ExitCode.FAILED, malformed.getMessage());
        }
    }

    /** Groups events into recordings, in the order their traces first appear, with their ends. */
    private static List<Recording> recordings(JsonLinesCodec.Content content) {
        Map<Long, List<Call>> calls = new LinkedHashMap<>();
        for (Call call : content.calls()) {
            calls.computeIfAbsent(call.traceId(), id -> new ArrayList<>()).add(call);
        }
        Map<Long, TraceEnd> ends = new HashMap<>();
        for (TraceEnd end : content.ends()) {
            ends.put(end.traceId(), end);
            calls.computeIfAbsent(end.traceId(), id -> new ArrayList<>());
        }
        List<Recording> recordings = new ArrayList<>();
        calls.forEach((id, events) -> {
            TraceEnd end = ends.get(id);
            recordings.add(new Recording(id, events, end == null ? 0 : end.droppedEvents(),
                    end == null ? 0 : end.lostEvents(), end == null ? null : end.stopReason()));
        });
        return recordings;
    }
}
