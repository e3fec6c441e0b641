package dev.smarttracer.internal.engine;

import dev.smarttracer.internal.select.TargetMethod;
import java.util.Arrays;

/**
 * One instrumented method: its probe id in the bridge and the traces that want its calls.
 *
 * <p>The traces are read lock-free on traced threads; they are changed only by the
 * {@link ProbeInstaller}, under its lock, by copying.
 */
final class Probe {

    private static final TraceRun[] NONE = new TraceRun[0];

    final int id;
    final TargetMethod target;
    final String className;
    final String methodName;
    final String descriptor;
    final int arity;
    private volatile TraceRun[] traces = NONE;

    Probe(int id, TargetMethod target) {
        this.id = id;
        this.target = target;
        this.className = target.owner().getName();
        this.methodName = target.method().getName();
        this.descriptor = target.descriptor();
        this.arity = target.method().getParameterCount();
    }

    TraceRun[] traces() {
        return traces;
    }

    void add(TraceRun trace) {
        TraceRun[] current = traces;
        TraceRun[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = trace;
        traces = grown;
    }

    /** Removes a trace and tells whether no trace wants this method any more. */
    boolean remove(TraceRun trace) {
        TraceRun[] current = traces;
        TraceRun[] kept = new TraceRun[current.length];
        int count = 0;
        for (TraceRun s : current) {
            if (s != trace) {
                kept[count++] = s;
            }
        }
        traces = count == 0 ? NONE : Arrays.copyOf(kept, count);
        return count == 0;
    }
}
