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
    public final String className;
    public final String methodName;
    public final String descriptor;
    public final int arity;
    /** The loader that defines the class, {@code null} for the bootstrap loader. */
    public final ClassLoader loader;
    /**
     * The class whose code carries the probe: known at once for a loaded class; for one woven
     * as it loads, set once the JVM has defined it (until then, {@code null}).
     */
    private volatile Class<?> owner;
    /** When a probe woven into a loading class was created, to give up on a class never defined. */
    public final long createdNanos;
    private volatile TraceRun[] traces = NONE;
    /**
     * Plain: written before {@link #traces}, read after it, so a thread that sees the traces sees
     * the flag that goes with them (or a later one).
     */
    private boolean keepsLiveArguments;

    /** Creates the probe of a method of a loaded class. */
    public Probe(int id, TargetMethod target) {
        this(id, target.owner().getName(), target.owner().getClassLoader(), target.name(),
                target.descriptor(), target.executable().getParameterCount(), target.owner());
    }

    private Probe(int id, String className, ClassLoader loader, String methodName, String descriptor, int arity,
            Class<?> owner) {
        this.id = id;
        this.className = className;
        this.loader = loader;
        this.methodName = methodName;
        this.descriptor = descriptor;
        this.arity = arity;
        this.owner = owner;
        this.createdNanos = System.nanoTime();
    }

    /**
     * Creates the probe of a method of a class being loaded, which has no {@code Class} yet.
     *
     * @param className the class's binary name
     * @param loader its defining loader
     * @param methodName the method's name
     * @param descriptor the method's descriptor
     * @param arity how many parameters it has
     */
    public static Probe ofLoading(int id, String className, ClassLoader loader, String methodName, String descriptor,
            int arity) {
        return new Probe(id, className, loader, methodName, descriptor, arity, null);
    }

    /** Returns the class whose code carries the probe, or {@code null} while the JVM is still defining it. */
    public Class<?> owner() {
        return owner;
    }

    /** Sets the class of a probe woven as its class loaded, once the JVM has defined it. */
    public void defined(Class<?> type) {
        this.owner = type;
    }

    /** Returns the method's name plus descriptor, which identifies it within its class. */
    public String signature() {
        return methodName + descriptor;
    }

    /** Returns {@code com.acme.Foo#bar}, as users write it ({@code com.acme.Foo#new} for a constructor). */
    public String displayName() {
        return className + "#" + (methodName.equals("<init>") ? "new" : methodName);
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
