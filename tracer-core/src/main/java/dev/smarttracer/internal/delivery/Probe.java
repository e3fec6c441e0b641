package dev.smarttracer.internal.delivery;

import dev.smarttracer.internal.select.TargetMethod;
import java.util.Arrays;

/**
 * One instrumented method: its probe id in the bridge and the traces that want its calls.
 *
 * <p>The traces are read lock-free on traced threads; they are changed only by the
 * {@link ProbeInstaller}, under its lock, by copying.
 */
public final class Probe {

    private static final TraceRun[] NONE = new TraceRun[0];

    public final int id;
    public final TargetMethod target;
    public final String className;
    public final String methodName;
    public final String descriptor;
    public final int arity;
    private volatile TraceRun[] traces = NONE;
    /**
     * Plain: written before {@link #traces}, read after it, so a thread that sees the traces sees
     * the flag that goes with them (or a later one).
     */
    private boolean keepsLiveArguments;

    public Probe(int id, TargetMethod target) {
        this.id = id;
        this.target = target;
        this.className = target.owner().getName();
        this.methodName = target.method().getName();
        this.descriptor = target.descriptor();
        this.arity = target.method().getParameterCount();
    }

    public TraceRun[] traces() {
        return traces;
    }

    /**
     * Tells whether a trace of this method reads its calls' live arguments, so that they must be
     * snapshotted into a copy rather than in place.
     */
    public boolean keepsLiveArguments() {
        return keepsLiveArguments;
    }

    private static boolean readLive(TraceRun[] traces) {
        for (TraceRun trace : traces) {
            if (trace.filter() != null && trace.filter().readsLiveArguments()) {
                return true;
            }
        }
        return false;
    }

    public void add(TraceRun trace) {
        TraceRun[] current = traces;
        TraceRun[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = trace;
        keepsLiveArguments = readLive(grown);
        traces = grown;
    }

    /** Removes a trace and tells whether no trace wants this method any more. */
    public boolean remove(TraceRun trace) {
        TraceRun[] current = traces;
        TraceRun[] kept = new TraceRun[current.length];
        int count = 0;
        for (TraceRun s : current) {
            if (s != trace) {
                kept[count++] = s;
            }
        }
        TraceRun[] left = count == 0 ? NONE : Arrays.copyOf(kept, count);
        keepsLiveArguments = readLive(left);
        traces = left;
        return count == 0;
    }
}
