package dev.smarttracer.internal.engine;

import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default handler: logs each event at INFO through SLF4J, in SmartTracer's words, and the
 * reason when the trace stops ({@code Limit reached.}); played back, the same lines again. Logger name:
 * {@code dev.smarttracer.SmartTracer}. Thread-safe.
 */
public final class LoggingHandler implements TraceHandler {

    private final Logger logger;

    /** Creates the handler logging to {@code dev.smarttracer.SmartTracer}. */
    public LoggingHandler() {
        this(LoggerFactory.getLogger(SmartTracer.class));
    }

    /**
     * Creates the handler logging to a given logger.
     *
     * @param logger where lines go
     */
    public LoggingHandler(Logger logger) {
        this.logger = logger;
    }

    @Override
    public void handle(Call call) {
        logger.info(CallFormatter.describe(call));
    }

    @Override
    public void stopped(Trace trace) {
        logger.info(trace.stopReason().message());
    }

    @Override
    public void dropped(long traceId, long events) {
        logger.info("({} earlier events of trace {} were dropped by the recorder's limits.)", events, traceId);
    }
}
