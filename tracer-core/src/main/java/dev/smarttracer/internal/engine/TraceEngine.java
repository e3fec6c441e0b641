package dev.smarttracer.internal.engine;

import dev.smarttracer.MethodRef;
import dev.smarttracer.StopReason;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.TracerException;
import dev.smarttracer.internal.select.MethodSelector;
import dev.smarttracer.internal.select.TargetMethod;
import dev.smarttracer.internal.snapshot.SnapshotLimits;
import dev.smarttracer.internal.snapshot.Snapshotter;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.Recording;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process tracer: selects methods, installs and removes probes, and owns the dispatcher.
 *
 * <p>Installs (on the caller's thread) and detaches (on the dispatcher thread) are serialised by
 * one lock, because each retransformation re-runs every transformer of the class. The JVM's
 * instrumentation, the bridge and the dispatcher are set up on the first trace.
 *
 * <p>Thread-safe.
 */
public final class TraceEngine {

    private static final Logger LOG = LoggerFactory.getLogger(TraceEngine.class);
    private static final TraceEngine INSTANCE = new TraceEngine();

    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong traceIds = new AtomicLong();
    private final ThreadGuard guard = new ThreadGuard();
    private final List<TraceSession> active = new CopyOnWriteArrayList<>();
    private final Map<Method, Probe> probes = new HashMap<>();
    private final Recorder recorder = Recorder.create();
    private volatile Runtime runtime;

    private TraceEngine() {
    }

    /** Returns this JVM's engine. */
    public static TraceEngine instance() {
        return INSTANCE;
    }

    /** What the engine needs from the JVM, set up once. */
    private record Runtime(Instrumentation instrumentation, ProbeRouter router, ClassInstrumenter instrumenter,
            Dispatcher dispatcher, MethodSelector selector) {
    }

    // ---- starting traces -----------------------------------------------------------------

    /** Starts a trace of the method a reference points to; see {@link dev.smarttracer.SmartTracer}. */
    public Trace traceRef(MethodRef ref, int limit, TraceOptions options) {
        checkLimit(limit);
        return start(runtime().selector().select(ref, options), limit, options);
    }

    /** Starts a trace of one method; see {@link dev.smarttracer.SmartTracer}. */
    public Trace traceMethod(Method method, int limit, TraceOptions options) {
        checkLimit(limit);
        return start(runtime().selector().select(method, options), limit, options);
    }

    /** Starts a trace of every overload of a name; see {@link dev.smarttracer.SmartTracer}. */
    public Trace traceNamed(Class<?> type, String methodName, int limit, TraceOptions options) {
        checkLimit(limit);
        return start(runtime().selector().select(type, methodName, options), limit, options);
    }

    /** Starts a trace of what a pattern selects; see {@link dev.smarttracer.SmartTracer}. */
    public Trace tracePattern(String pattern, int limit, TraceOptions options) {
        checkLimit(limit);
        return start(runtime().selector().select(pattern, options), limit, options);
    }

    /** Stops every active trace with {@link StopReason#STOPPED}. */
    public void stopAll() {
        for (TraceSession session : active) {
            session.finish(StopReason.STOPPED);
        }
    }

    /** Returns the recorder traces write to unless their options name another. */
    public Recorder recorder() {
        return recorder;
    }

    /**
     * Feeds one recording to a handler as it was delivered live: a drop notice if it lost
     * events, its events, then its stop notice if it has stopped.
     *
     * @param recording the recording
     * @param handler the handler
     */
    public void replay(Recording recording, TraceHandler handler) {
        if (recording.droppedEvents() > 0) {
            handler.dropped(recording.traceId(), recording.droppedEvents());
        }
        recording.calls().forEach(handler::handle);
        if (recording.stopReason() != null) {
            handler.stopped(new RecordedTrace(recording));
        }
    }

    /** Returns the active traces, oldest first. */
    public List<Trace> activeTraces() {
        return List.copyOf(active);
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1; got " + limit
                    + ". Every trace is bounded: pass the number of calls to deliver");
        }
    }

    private Trace start(List<TargetMethod> targets, int limit, TraceOptions options) {
        Runtime rt = runtime();
        TraceHandler handler = options.handler().orElseGet(LoggingHandler::new);
        int[] mark = guard.mark();
        mark[0]++;
        lock.lock();
        try {
            Recorder recordTo = options.record() ? options.recorder().orElse(recorder) : null;
            TraceSession session = new TraceSession(traceIds.incrementAndGet(), limit, options, handler, recordTo, this,
                    rt.dispatcher());
            List<Probe> selected = new ArrayList<>();
            List<Probe> created = new ArrayList<>();
            for (TargetMethod target : new LinkedHashSet<>(targets)) {
                Probe probe = probes.get(target.method());
                if (probe == null) {
                    probe = newProbe(rt, target);
                    created.add(probe);
                }
                selected.add(probe);
            }
            Set<Class<?>> changed = owners(created);
            if (!changed.isEmpty()) {
                try {
                    rt.instrumenter().apply(plansOf(changed));
                } catch (RuntimeException failure) {
                    created.forEach(probe -> dropProbe(rt, probe));
                    restoreQuietly(rt, changed);
                    throw failure;
                }
            }
            session.attach(selected);
            active.add(session);
            for (Probe probe : selected) {
                probe.add(session);
                rt.router().open(probe, true);
            }
            rt.dispatcher().wake();
            return session;
        } finally {
            lock.unlock();
            mark[0]--;
        }
    }

    private Probe newProbe(Runtime rt, TargetMethod target) {
        int id = rt.router().allocate();
        if (id < 0) {
            throw new IllegalStateException("all " + ProbeRouter.CAPACITY + " probes of this JVM are in use by active"
                    + " traces; stop some traces (SmartTracer.stop()) before starting more");
        }
        Probe probe = new Probe(id, target);
        probes.put(target.method(), probe);
        rt.router().open(probe, false);
        return probe;
    }

    private void dropProbe(Runtime rt, Probe probe) {
        probes.remove(probe.target.method());
        rt.router().release(probe);
    }

    // ---- detaching -----------------------------------------------------------------------

    /** Detaches a finished trace: closes its gates and restores classes no trace needs. */
    void detach(TraceSession session) {
        Runtime rt = runtime;
        lock.lock();
        try {
            active.remove(session);
            List<Probe> idle = new ArrayList<>();
            for (Probe probe : session.probes()) {
                if (probe.remove(session)) {
                    rt.router().open(probe, false);
                    probes.remove(probe.target.method());
                    idle.add(probe);
                }
            }
            Set<Class<?>> changed = owners(idle);
            if (!changed.isEmpty()) {
                try {
                    rt.instrumenter().apply(plansOf(changed));
                } catch (RuntimeException failure) {
                    // The gates are closed, so the advice left behind costs one volatile read.
                    LOG.error("SmartTracer could not restore {}; its gates are closed", changed, failure);
                }
            }
            idle.forEach(rt.router()::release);
        } finally {
            lock.unlock();
            session.markDetached();
        }
    }

    private void restoreQuietly(Runtime rt, Set<Class<?>> classes) {
        try {
            rt.instrumenter().apply(plansOf(classes));
        } catch (RuntimeException failure) {
            LOG.error("SmartTracer could not restore {} after a failed install", classes, failure);
        }
    }

    private Map<Class<?>, Map<String, Integer>> plansOf(Set<Class<?>> classes) {
        Map<Class<?>, Map<String, Integer>> plans = new LinkedHashMap<>();
        for (Class<?> type : classes) {
            plans.put(type, new HashMap<>());
        }
        for (Probe probe : probes.values()) {
            Map<String, Integer> plan = plans.get(probe.target.owner());
            if (plan != null) {
                plan.put(probe.target.signature(), probe.id);
            }
        }
        return plans;
    }

    private static Set<Class<?>> owners(List<Probe> list) {
        Set<Class<?>> owners = new LinkedHashSet<>();
        list.forEach(probe -> owners.add(probe.target.owner()));
        return owners;
    }

    // ---- dispatcher support --------------------------------------------------------------

    void checkDeadlines() {
        for (TraceSession session : active) {
            if (session.hasDeadline()) {
                session.checkDeadline();
            }
        }
    }

    boolean hasActiveTraces() {
        return !active.isEmpty();
    }

    void handlerFailed(TraceSession session, TraceHandler handler, Throwable failure) {
        LOG.warn("SmartTracer trace {}: handler {} threw, so the trace is stopped (HANDLER_FAILED)", session.id(),
                handler.getClass().getName(), failure);
    }

    boolean isDispatcherThread() {
        Runtime rt = runtime;
        return rt != null && rt.dispatcher().isCurrentThread();
    }

    ThreadGuard guard() {
        return guard;
    }

    /** Returns how many classes carry advice now; for tests and status. */
    public int instrumentedClasses() {
        Runtime rt = runtime;
        if (rt == null) {
            return 0;
        }
        lock.lock();
        try {
            return rt.instrumenter().instrumentedClasses();
        } finally {
            lock.unlock();
        }
    }

    // ---- set-up --------------------------------------------------------------------------

    private Runtime runtime() {
        Runtime rt = runtime;
        if (rt != null) {
            return rt;
        }
        lock.lock();
        try {
            if (runtime == null) {
                runtime = createRuntime();
            }
            return runtime;
        } finally {
            lock.unlock();
        }
    }

    private Runtime createRuntime() {
        Instrumentation instrumentation = obtainInstrumentation();
        if (!instrumentation.isRetransformClassesSupported()) {
            throw new TracerException("this JVM does not support retransforming classes, which tracing needs", null);
        }
        if (System.getProperty("net.bytebuddy.nexus.disabled") == null) {
            // SmartTracer never needs Byte Buddy's Nexus; leaving it on makes JDK 25 warn about Unsafe.
            System.setProperty("net.bytebuddy.nexus.disabled", "true");
        }
        Module bridge = BridgeInstaller.install(instrumentation);
        ProbeRouter router = new ProbeRouter(guard, new Snapshotter(SnapshotLimits.DEFAULT));
        ClassInstrumenter instrumenter = new ClassInstrumenter(instrumentation, bridge);
        MethodSelector selector = new MethodSelector(instrumentation::getAllLoadedClasses,
                instrumentation::isModifiableClass);
        return new Runtime(instrumentation, router, instrumenter, new Dispatcher(this), selector);
    }

    private static Instrumentation obtainInstrumentation() {
        try {
            return ByteBuddyAgent.install();
        } catch (RuntimeException failure) {
            throw new TracerException("cannot obtain java.lang.instrument.Instrumentation to trace this JVM: "
                    + failure.getMessage() + ". Start it with -javaagent:smarttracer.jar, or allow attaching"
                    + " (remove -XX:-EnableDynamicAgentLoading and -XX:+DisableAttachMechanism, and use a JDK"
                    + " with the jdk.attach module)", failure);
        }
    }

}
