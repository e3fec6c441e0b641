package dev.smarttracer;

import java.util.List;

/**
 * Decides, as a call starts, whether it counts for a trace: only calls it accepts take one of the
 * trace's N slots. It sees the call's arguments as snapshots (what a handler would receive), never
 * the application's objects, and the calling thread.
 *
 * <p>It runs on the calling thread, inside the tracer (nothing it calls is traced), once per call
 * of a traced method while the trace is active: keep it quick and free of blocking. A condition
 * that throws counts that call as no match; the trace counts such failures and reports them when
 * it ends, and the exception never reaches the application.
 *
 * <pre>{@code
 * TraceOptions.defaults().when((args, thread) -> "SPRING".equals(args.get(1)))
 * }</pre>
 */
@FunctionalInterface
public interface CallCondition {

    /**
     * Tells whether a call counts.
     *
     * @param arguments the call's arguments as snapshots, unmodifiable
     * @param thread the calling thread
     * @return {@code true} if the call counts for the trace
     */
    boolean test(List<Object> arguments, Thread thread);
}
