package dev.smarttracer.agent.internal.cli;

import dev.smarttracer.agent.internal.protocol.MalformedFrameException;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallFormatter;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.internal.JsonLine;
import dev.smarttracer.recorder.internal.TraceEnd;
import java.io.PrintStream;

/**
 * What {@code smarttracer trace} prints: each event as one whole line on standard output, as it
 * arrives (in SmartTracer's words, or its JSON Lines text with {@code --json}); on an interactive
 * console a live counter ({@code 3/5 calls}) on standard error, erased before each line so the
 * two never mix; and at the end a summary line: why the trace ended, the calls, the time to
 * detach and the latencies. With {@code --json} the end is a {@code TRACE_END} line, so the output
 * is a JSON Lines file, and the summary goes to standard error.
 *
 * <p>Not thread-safe: the thread reading the connection prints everything.
 */
final class TraceOutput {

    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;
    private final boolean counter;
    private final int limit;
    private final String micros;
    private long calls;
    private long events;
    private boolean counterShown;

    /**
     * @param out standard output
     * @param err standard error
     * @param json whether events are written as JSON Lines
     * @param counter whether to show the live counter
     * @param limit the trace's limit, for the counter
     */
    TraceOutput(PrintStream out, PrintStream err, boolean json, boolean counter, int limit) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.counter = counter;
        this.limit = limit;
        this.micros = Terminal.micros(out);
    }

    /** Returns how many calls (CALL events) arrived. */
    long calls() {
        return calls;
    }

    /** Returns how many events of any type arrived. */
    long events() {
        return events;
    }

    /** Tells whether events print as JSON lines (--json). */
    boolean json() {
        return json;
    }

    /**
     * Prints one event.
     *
     * @param call the event
     * @param line its JSON Lines text; needed with {@link #json()} only
     */
    void event(Call call, String line) {
        eraseCounter();
        out.println(json ? line : CallFormatter.describeWithStack(call));
        events++;
        if (call.type() == CallType.CALL) {
            calls++;
        }
        if (counter) {
            out.flush();
        }
        drawCounter();
    }

    /** Writes out what was printed: before waiting for the next event, and at the end. */
    void flush() {
        out.flush();
    }

    /**
     * Prints a warning from the target.
     *
     * @param text the warning
     */
    void warning(String text) {
        eraseCounter();
        err.println("warning from the target: " + text);
        drawCounter();
    }

    /**
     * Prints the end of the trace.
     *
     * @param end the {@code end} message
     * @param interrupted whether the user pressed Ctrl-C
     * @return the reason the trace ended
     * @throws MalformedFrameException if the message lacks a member
     */
    StopReason end(Message end, boolean interrupted) throws MalformedFrameException {
        eraseCounter();
        StopReason reason = StopReason.valueOf(end.string("reason"));
        if (json) {
            out.println(JsonLine.write(new TraceEnd(end.whole("traceId"), reason, 0, end.whole("lost", 0))));
            out.flush();
        }
        (json ? err : out).println(summary(end, reason, interrupted));
        (json ? err : out).flush();
        return reason;
    }

    /**
     * Prints what is known when the target went away before the trace ended.
     *
     * @param message why, for people
     */
    void lost(String message) {
        out.flush();
        eraseCounter();
        err.println(message + ": received " + calls + " of " + limit + " calls");
        err.flush();
    }

    private String summary(Message end, StopReason reason, boolean interrupted) throws MalformedFrameException {
        long received = end.whole("calls", calls);
        StringBuilder line = new StringBuilder(interrupted && reason == StopReason.CLIENT_GONE ? "Interrupted"
                : label(reason)).append(": ").append(received).append(received == 1 ? " call" : " calls");
        long detach = end.whole("detachNanos", -1);
        line.append(detach >= 0 ? "; detached in " + DurationText.of(detach, micros) : "; detaching");
        if (end.whole("returns", 0) + end.whole("exceptions", 0) > 0) {
            line.append("; latency p50 ").append(DurationText.of(end.whole("p50Nanos", 0), micros))
                    .append(", p99 ").append(DurationText.of(end.whole("p99Nanos", 0), micros))
                    .append(", max ").append(DurationText.of(end.whole("maxNanos", 0), micros));
        }
        line.append('.');
        long lost = end.whole("lost", 0);
        if (lost > 0) {
            line.append(" ").append(lost).append(" events of these calls did not arrive.");
        }
        long taken = end.whole("laterClasses", 0);
        if (taken > 0) {
            line.append(" ").append(taken).append(taken == 1 ? " class was" : " classes were")
                    .append(" traced as it loaded.");
        }
        long refused = end.whole("laterRefused", 0);
        if (refused > 0) {
            String first = end.stringOrNull("laterRefusal");
            line.append(" ").append(refused).append(refused == 1 ? " class that loaded was" : " classes that loaded were")
                    .append(" left out").append(first == null ? "" : " (" + first + ")").append('.');
        }
        line.append(overload(end.stringOrNull("overload"), end.whole("overloadBound", 0)));
        long failed = end.whole("conditionFailures", 0);
        if (failed > 0) {
            String first = end.stringOrNull("conditionFailure");
            line.append(" The condition could not be evaluated ").append(failed).append(failed == 1 ? " time" : " times")
                    .append(", each counted as no match").append(first == null ? "" : " (" + first + ")").append('.');
        }
        return line.toString();
    }

    /**
     * Says what filled when a trace ended {@code OVERLOAD}, and what to do: its queue room in the
     * target ({@code events} or {@code bytes}) or the agent's budget for its clients; empty for
     * any other end, or an agent that does not say.
     */
    static String overload(String filled, long bound) {
        if (filled == null) {
            return "";
        }
        String instead = "trace fewer calls a second (--rate), or record them in the target instead"
                + " (--record --background)";
        return switch (filled) {
            case "events" -> " Its queue in the target reached its bound, " + bound + " events waiting: " + instead + ".";
            case "bytes" -> " Its queue in the target reached its bound, " + SizeText.mebibytes(bound)
                    + " of arguments and returns waiting: " + instead + ".";
            case "budget" -> " The agent's budget for events on their way to commands, " + SizeText.mebibytes(bound)
                    + ", was full and this trace held more than its share: " + instead + "; or give the agent more"
                    + " (-javaagent:smarttracer.jar=budget=" + Math.max(32, 2 * (bound >> 20)) + "m at the target's start).";
            default -> "";
        };
    }

    private static String label(StopReason reason) {
        return switch (reason) {
            case LIMIT_REACHED -> "Limit reached";
            case RATE_EXCEEDED -> "Rate exceeded";
            case TIMEOUT -> "Time limit reached";
            case OVERLOAD -> "Overloaded (events came faster than they could be sent)";
            case HANDLER_FAILED -> "Handler failed";
            case STOPPED -> "Stopped by smarttracer stop";
            case CLIENT_GONE -> "Client gone";
            case FAILED -> "Failed (smarttracer status shows the target's warnings)";
        };
    }

    private void drawCounter() {
        if (counter) {
            err.print("\r" + calls + "/" + limit + " calls");
            err.flush();
            counterShown = true;
        }
    }

    private void eraseCounter() {
        if (counterShown) {
            err.print("\r\033[K");
            err.flush();
            counterShown = false;
        }
    }
}
