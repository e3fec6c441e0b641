package dev.smarttracer.agent.internal.cli;

import dev.smarttracer.TraceOptions;
import dev.smarttracer.agent.internal.protocol.Frame;
import dev.smarttracer.agent.internal.protocol.EventCodec;
import dev.smarttracer.agent.internal.protocol.FrameKind;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.agent.internal.protocol.Protocol;
import dev.smarttracer.cel.DistinctKey;
import dev.smarttracer.cel.WhereCondition;
import dev.smarttracer.agent.internal.protocol.TraceRequest;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.internal.JsonLine;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code smarttracer trace <pid> <methods> <limit>}: loads the agent into the JVM if it is not
 * there yet, starts a trace owned by this connection and prints each event as it happens, then a
 * summary. Ctrl-C stops the trace in the target first; if this process is killed, the target
 * stops the trace by itself.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Traces the next LIMIT calls of METHODS in the JVM PID, printing each call, return and"
                + " exception as one line as it happens, then a summary. The original bytecode is put back as soon"
                + " as the trace ends (limit, --rate, --timeout, Ctrl-C or smarttracer stop).",
                "METHODS is a pattern as SmartTracer.trace takes it: com.acme.Foo#bar, com.acme.Foo::bar,"
                        + " com.acme.Foo#bar(java.lang.String), with * wildcards in class and method names."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the trace ended (limit, rate, time, or stopped)", "1:the trace failed or was refused",
                "2:usage: a bad option or argument", "3:attach failed", "130:interrupted (Ctrl-C)"})
final class TraceCommand implements Callable<Integer> {

    private static final Duration INTERRUPT_WAIT = Duration.ofSeconds(5);
    /** How long a target whose connection ended may take to be seen gone: its sockets close first. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(2);

    @ParentCommand
    private SmartTracerCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id (smarttracer jvms lists them)")
    private long pid;

    @Parameters(index = "1", paramLabel = "METHODS", description = "the methods, e.g. 'com.acme.Pricing#discount'")
    private String pattern;

    @Parameters(index = "2", paramLabel = "LIMIT", description = "how many calls to deliver, at least 1")
    private int limit;

    @Option(names = "--return", description = "also print each call's return value or exception")
    private boolean returns;

    @Option(names = "--local", description = "allow private methods")
    private boolean local;

    @Option(names = "--record", description = "keep the events in the target for smarttracer playback")
    private boolean record;

    @Option(names = "--background", description = "with --record: record in the target only, and return at once;"
            + " the trace runs on until one of its bounds or smarttracer stop ends it")
    private boolean background;

    @Option(names = "--keep", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1h",
            description = "how long the target keeps the recording after the trace ends (default: ${DEFAULT-VALUE})")
    private Duration keep;

    @Option(names = "--rate", paramLabel = "CALLS/WINDOW", converter = RateConverter.class,
            description = "stop if more calls start within one window, e.g. 100/1s")
    private Rate rate;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop after this long, e.g. 30s")
    private Duration timeout;

    @Option(names = "--where", paramLabel = "EXPR",
            description = "count only calls for which this CEL expression is true, e.g. 'args[0].customerId == 42';"
                    + " variables: args, thread, and at the call's end result, exception, elapsed")
    private String where;

    @Option(names = "--thread", paramLabel = "GLOB",
            description = "count only calls from threads whose name matches, e.g. 'http-nio-*'")
    private String thread;

    @Option(names = "--raised", description = "count only calls that end by throwing")
    private boolean raised;

    @Option(names = "--slower-than", paramLabel = "DURATION", converter = PreciseDurationConverter.class,
            description = "count only calls that take longer, e.g. 200ms or 500us")
    private Duration slowerThan;

    @Option(names = "--sample", paramLabel = "K", defaultValue = "1",
            description = "count only every K-th call that passes the other conditions (default: ${DEFAULT-VALUE})")
    private int sample;

    @Option(names = "--distinct", paramLabel = "EXPR",
            description = "count at most --per-key calls for each distinct value of this CEL expression, e.g."
                    + " 'args[0]' or 'args[0].userId'; variables: args, thread")
    private String distinct;

    @Option(names = "--per-key", paramLabel = "K", defaultValue = "1",
            description = "with --distinct: calls counted per distinct key (default: ${DEFAULT-VALUE})")
    private int perKey;

    @Option(names = "--stack", paramLabel = "DEPTH", defaultValue = "0",
            description = "print each call's callers under it, up to DEPTH frames, e.g. 8 (default: none)")
    private int stack;

    @Option(names = "--declared-only",
            description = "an interface's or abstract method selects only itself (refused), not every loaded"
                    + " class that implements it")
    private boolean declaredOnly;

    @Option(names = "--allow-jdk", description = "allow JDK classes (java.*, javax.*, jdk.*, sun.*, com.sun.*)")
    private boolean allowJdk;

    @Option(names = "--json", description = "print JSON Lines (one Call per line, then a TRACE_END line)")
    private boolean json;

    @Option(names = {"-y", "--yes"},
            description = "load the agent into a JVM before JDK 23 without asking, although it then discards its"
                    + " compiled code (JDK-8324241)")
    private boolean yes;

    @Override
    public Integer call() throws IOException {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "LIMIT must be at least 1; got " + limit
                    + ": every trace is bounded, so pass the number of calls to deliver");
        }
        checkNamesAMethod(pattern);
        if (slowerThan != null && (slowerThan.isZero() || slowerThan.isNegative())) {
            throw new ParameterException(spec.commandLine(), "--slower-than must be positive; got " + slowerThan
                    + ": give the duration a call must exceed, e.g. 200ms");
        }
        if (stack < 0 || stack > TraceOptions.MAX_STACK_DEPTH) {
            throw new ParameterException(spec.commandLine(), "--stack must be within 0.." + TraceOptions.MAX_STACK_DEPTH
                    + " frames; got " + stack + ": give how many callers to print under each call, e.g. --stack 8");
        }
        TraceRequest request;
        try {
            request = new TraceRequest(pattern, limit, returns, local, record, rate == null ? 0 : rate.max(),
                    rate == null ? 0 : rate.per().toMillis(), timeout == null ? 0 : timeout.toMillis(), allowJdk,
                    keep.toMillis(), new TraceRequest.Filters(where, thread, raised,
                            slowerThan == null ? 0 : slowerThan.toNanos(), sample, distinct, perKey, stack), declaredOnly,
                    background);
            // Checked here, before anything is attached; the target checks them again.
            if (where != null) {
                WhereCondition.compile(where);
            }
            if (distinct != null) {
                DistinctKey.compile(distinct);
            }
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), invalid.getMessage());
        }
        TargetJvm target = TargetJvm.inspect(pid);
        try (AgentClient client = cli.connectOrLoad(target, yes)) {
            return stream(client, target, request);
        }
    }

    /**
     * Refuses, before anything is attached, a pattern that names no method: a class and a method
     * joined by {@code #} or {@code ::}. The target reads the rest of the pattern.
     */
    private void checkNamesAMethod(String methods) {
        String text = methods.strip();
        if (text.startsWith("@") && text.length() > 1) {
            return; // an annotation: the target reads it, and its methods
        }
        int hash = text.indexOf('#');
        int colons = text.indexOf("::");
        int cut = hash >= 0 ? hash : colons;
        String method = cut < 0 ? "" : text.substring(cut + (hash >= 0 ? 1 : 2)).strip();
        if (cut <= 0 || method.isEmpty() || method.startsWith("(")) {
            String what = cut < 0 ? "has no # or ::" : cut == 0 ? "names no class" : "names no method";
            throw new ParameterException(spec.commandLine(), "METHODS '" + methods + "' " + what + "; write the"
                    + " class, then # or ::, then the method, e.g. 'com.acme.Foo#bar' or 'com.acme.Foo::bar'");
        }
    }

    /** Says where a trace that records in the background is, and how to read and stop it. */
    private int startedInBackground(Message started, long traceId, TraceRequest request) throws IOException {
        if (started.flag("waiting", false)) {
            cli.err.println("No class loaded in pid " + pid + " has a method that " + pattern + " selects yet: the trace"
                    + " waits for classes to load and takes them as they do.");
        }
        if (json) {
            cli.out.println(started.toJson());
        } else {
            cli.out.println("Trace " + traceId + " records " + pattern + " in pid " + pid + " in the background: up to "
                    + limit + (limit == 1 ? " call" : " calls") + (request.timeoutMillis() > 0 ? ", for at most "
                            + Duration.ofMillis(request.timeoutMillis()).toString().substring(2).toLowerCase(
                                    java.util.Locale.ROOT) : "") + ".");
            cli.out.println("Read it with: smarttracer playback " + pid + " --trace " + traceId);
            cli.out.println("Stop it with: smarttracer stop " + pid + " " + traceId);
        }
        return ExitCode.OK;
    }

    private int stream(AgentClient client, TargetJvm target, TraceRequest request) throws IOException {
        client.send(request.toMessage());
        Message first = client.read();
        if (first == null) {
            throw new CliFailure(ExitCode.FAILED, "pid " + pid + " closed the connection before the trace started;"
                    + " did the JVM exit?");
        }
        client.failOnError(first);
        long traceId = first.whole("traceId");
        if (request.background()) {
            return startedInBackground(first, traceId, request);
        }
        if (first.flag("waiting", false)) {
            cli.err.println("No class loaded in pid " + pid + " has a method that " + pattern + " selects yet: the trace"
                    + " waits for classes to load and takes them as they do (smarttracer status " + pid + " shows it).");
        }
        client.readAhead();
        TraceOutput output = new TraceOutput(cli.out, cli.err, json, cli.terminal.interactive(), limit);
        if (cli.terminal.interactive()) {
            cli.err.println("Tracing " + pattern + " in pid " + pid + " (trace " + traceId + "); Ctrl-C stops it.");
        }
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch printed = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            interrupted.set(true);
            try {
                client.send(Message.of(Protocol.CANCEL));
                printed.await(INTERRUPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException | InterruptedException gone) {
                // the target stops the trace by itself when this connection closes
            }
        }, "smarttracer-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            return streamEvents(client, target, output, interrupted, traceId);
        } finally {
            printed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
    }

    /** Asks the target, on a new connection, for the end of a trace whose connection it closed. */
    private static Optional<Message> endKeptBy(TargetJvm target, long traceId) {
        try (AgentClient again = AgentClient.connect(target).orElse(null)) {
            if (again == null) {
                return Optional.empty();
            }
            again.send(Message.of(Protocol.SUMMARY).with("traceId", traceId));
            Message answer = again.read();
            return answer != null && Protocol.END.equals(answer.type()) ? Optional.of(answer) : Optional.empty();
        } catch (IOException | RuntimeException unreachable) {
            return Optional.empty();
        }
    }

    private int streamEvents(AgentClient client, TargetJvm target, TraceOutput output, AtomicBoolean interrupted,
            long traceId) throws IOException {
        for (;;) {
            Frame frame;
            try {
                frame = client.readFrame();
            } catch (IOException broken) {
                frame = null;
            }
            if (frame == null) {
                if (target.exited(EXIT_WAIT)) {
                    output.lost("pid " + pid + " exited before the trace ended");
                    return interrupted.get() ? ExitCode.INTERRUPTED : ExitCode.FAILED;
                }
                Optional<Message> end = interrupted.get() ? Optional.empty() : endKeptBy(target, traceId);
                if (end.isEmpty()) {
                    output.lost("pid " + pid + " closed the connection before the trace ended");
                    return interrupted.get() ? ExitCode.INTERRUPTED : ExitCode.FAILED;
                }
                // The target gave up on this command (it had not read for seconds): what did not
                // arrive is what the trace owed less what came.
                cli.err.println("pid " + pid + " closed the connection: this command had stopped reading its events");
                Message cut = end.get();
                output.end(cut.with("lost", Math.max(cut.whole("lost", 0),
                        cut.whole("events", 0) - output.events())), false);
                return ExitCode.FAILED;
            }
            if (frame.kind() == FrameKind.EVENT_BINARY) {
                // An event in the binary encoding this command asked for: decoded, printed (as its
                // JSON line with --json, written here), and the output flushed only when nothing
                // more has arrived, so a fast stream costs one write per batch.
                Call call = EventCodec.decode(frame.bytes());
                output.event(call, output.json() ? JsonLine.write(call) : null);
                if (!client.frameWaiting()) {
                    output.flush();
                }
                continue;
            }
            if (frame.kind() == FrameKind.EVENT) {
                // An event, as JSON Lines writes it, from an agent that sends no binary events.
                if (JsonLine.read(frame.text()) instanceof Call call) {
                    output.event(call, frame.text());
                }
                if (!client.frameWaiting()) {
                    output.flush();
                }
                continue;
            }
            output.flush();
            if (frame.kind() != FrameKind.CONTROL) {
                throw client.unexpected(frame, "a trace");
            }
            Message message = frame.message();
            switch (message.type()) {
                case Protocol.WARNING -> output.warning(message.string("message"));
                case Protocol.END -> {
                    StopReason reason = output.end(message, interrupted.get());
                    return interrupted.get() ? ExitCode.INTERRUPTED : switch (reason) {
                        case OVERLOAD, HANDLER_FAILED, FAILED -> ExitCode.FAILED;
                        default -> ExitCode.OK;
                    };
                }
                case Protocol.ERROR -> client.failOnError(message);
                default -> {
                    // a newer agent's message this client does not know: nothing to show
                }
            }
        }
    }
}
