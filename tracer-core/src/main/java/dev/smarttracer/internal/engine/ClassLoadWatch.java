package dev.smarttracer.internal.engine;

import dev.smarttracer.internal.delivery.TraceRun;
import dev.smarttracer.internal.select.LaterClasses;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running trace's watch on the classes that load while it runs: what its selection takes among
 * them ({@link LaterClasses}), how many classes it took, and the classes it had to leave out,
 * with why, for {@code status} and the trace's end (never thrown into the loading thread).
 *
 * <p>Thread-safe: read and counted on loading threads.
 */
final class ClassLoadWatch {

    /** The refusals kept word for word; the rest are counted. */
    private static final int KEPT_REFUSALS = 5;

    private final TraceRun trace;
    private final LaterClasses later;
    private final AtomicInteger classes = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final List<String> refusals = new ArrayList<>();
    /** Set under the probe table's lock when the trace detaches: no class is taken after that. */
    private volatile boolean closed;

    ClassLoadWatch(TraceRun trace, LaterClasses later) {
        this.trace = trace;
        this.later = later;
    }

    TraceRun trace() {
        return trace;
    }

    LaterClasses later() {
        return later;
    }

    /** Tells whether a class that loads now may still be taken: the trace is running and not detaching. */
    boolean takes() {
        return !closed && trace.limiter().isOpen();
    }

    void close() {
        closed = true;
    }

    void took() {
        classes.incrementAndGet();
    }

    void refused(String why) {
        if (refused.getAndIncrement() < KEPT_REFUSALS) {
            synchronized (refusals) {
                refusals.add(why);
            }
        }
    }

    /** What the watch has done so far. */
    TraceEngine.LaterClassesState state() {
        synchronized (refusals) {
            return new TraceEngine.LaterClassesState(later.pattern(), trace.probes().isEmpty(), classes.get(),
                    refused.get(), List.copyOf(refusals));
        }
    }
}
