package dev.smarttracer.internal.log;

import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallFormatter;
import dev.smarttracer.recorder.StopReason;
import java.io.PrintStream;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * The default handler: logs each event at INFO through SLF4J, in SmartTracer's words, and the
 * reason when the trace stops ({@code Limit reached.}); played back, the same lines again.
 * Logger name: {@code dev.smarttracer.SmartTracer}.
 *
 * <p>Each line carries its trace's id in the SLF4J MDC under {@value #MDC_KEY}, so that a log
 * pattern can tell two traces apart. With no SLF4J provider on the class path (SLF4J would drop
 * every line), the same lines go to standard error, prefixed with {@code [trace <id>]}.
 *
 * <p>Thread-safe.
 */
public final class LoggingHandler implements TraceHandler {

    /** The MDC key that holds the trace id while a line is logged. */
    public static final String MDC_KEY = "smarttracer.traceId";

    private final Logger logger;
    private final Supplier<PrintStream> fallback;

    /**
     * Creates the handler logging to {@code dev.smarttracer.SmartTracer}, or to standard error
     * when no SLF4J provider is bound.
     */
    public LoggingHandler() {
        this(LoggerFactory.getLogger("dev.smarttracer.SmartTracer"),
                LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory ? () -> System.err : null);
    }

    /**
     * Creates the handler logging to a given logger.
     *
     * @param logger where lines go
     */
    public LoggingHandler(Logger logger) {
        this(logger, null);
    }

    /**
     * @param logger where lines go
     * @param fallback where lines go instead, or {@code null} to use the logger
     */
    LoggingHandler(Logger logger, Supplier<PrintStream> fallback) {
        this.logger = logger;
        this.fallback = fallback;
    }

    @Override
    public void handle(Call call) {
        log(call.traceId(), CallFormatter.describeWithStack(call));
    }

    @Override
    public void stopped(Trace trace) {
        StopReason reason = trace.stopReason();
        long lost = trace.stats().lost();
        log(trace.id(), lost == 0 ? reason.message()
                : reason.message() + " (" + lost + " events of its calls did not reach the handler.)");
    }

    @Override
    public void dropped(long traceId, long events) {
        log(traceId, "(" + events + " earlier events of trace " + traceId + " were dropped by the recorder's limits.)");
    }

    private void log(long traceId, String line) {
        if (fallback != null) {
            fallback.get().println("[trace " + traceId + "] " + line);
            return;
        }
        MDC.put(MDC_KEY, Long.toString(traceId));
        try {
            logger.info(line);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
