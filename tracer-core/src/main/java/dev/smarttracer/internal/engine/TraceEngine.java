package dev.smarttracer.internal.engine;

import dev.smarttracer.MethodRef;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.TracerException;
import dev.smarttracer.internal.attach.AgentLoader;
import dev.smarttracer.internal.attach.BridgeJar;
import dev.smarttracer.internal.delivery.CallFilter;
import dev.smarttracer.internal.delivery.Dispatcher;
import dev.smarttracer.internal.delivery.Limiter;
import dev.smarttracer.internal.delivery.LiveCondition;
import dev.smarttracer.internal.delivery.LiveKey;
import dev.smarttracer.internal.delivery.Timings;
import dev.smarttracer.internal.delivery.TraceRun;
import dev.smarttracer.internal.log.LoggingHandler;
import dev.smarttracer.internal.probe.PreGuardCalls;
import dev.smarttracer.internal.probe.ProbeRouter;
import dev.smarttracer.internal.probe.ProbeTable;
import dev.smarttracer.internal.reentry.ReentryGuard;
import dev.smarttracer.internal.reentry.TracerThreads;
import dev.smarttracer.internal.select.MethodSelector.Selection;
import dev.smarttracer.internal.select.MethodSelector;
import dev.smarttracer.internal.select.TargetMethod;
import dev.smarttracer.internal.snapshot.SnapshotLimits;
import dev.smarttracer.internal.snapshot.Snapshotter;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.Recording;
import dev.smarttracer.recorder.StopReason;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process tracer: selects methods, starts traces, and owns the parts that run them (the
 * probe table and installer, the router on traced threads, the dispatcher and the workers).
 *
 * <p>The JVM's instrumentation, the bridge and those parts are set up on the first trace. The
 * dispatcher and worker threads exist only while traces need them.
 *
 * <p>Thread-safe.
 */
public final class TraceEngine {

    private static final TraceEngine INSTANCE = new TraceEngine();
    private static final Logger LOG = LoggerFactory.getLogger(TraceEngine.class);

    private final ReentrantLock setUp = new ReentrantLock();
    private final AtomicLong traceIds = new AtomicLong();
    private final ReentryGuard guard = ReentryGuard.shared();
    private final Recorder recorder = Recorder.create();
    /** The handles of traces not yet known to be detached, oldest first; pruned at each start and read. */
    private final List<TraceHandle> handles = new CopyOnWriteArrayList<>();
    private volatile Runtime runtime;
    private volatile Set<String> preGuardCalls;

    private TraceEngine() {
    }

    /** Returns this JVM's engine. */
    public static TraceEngine instance() {
        return INSTANCE;
    }

    /** What the engine needs from the JVM, set up once. */
    private record Runtime(Instrumentation instrumentation, ProbeInstaller installer, Dispatcher dispatcher,
            ThreadPoolExecutor workers, MethodSelector selector) {
    }

    // ---- starting traces -----------------------------------------------------------------

    /** Starts a trace of the method a reference points to; see {@link dev.smarttracer.SmartTracer}. */
    public Trace traceRef(MethodRef ref, int limit, TraceOptions options) {
        checkLimit(limit);
        return start(runtime().selector().select(ref, options), limit, options);
    }

    /** Starts a trace of what a lambda or method-reference object runs; see {@link dev.smarttracer.SmartTracer}. */
    public Trace traceFunction(Object function, int limit, TraceOptions options) {
        checkLimit(limit);
        return start(runtime().selector().selectFunction(function, options), limit, options);
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
        return tracePattern(pattern, limit, options, null, null);
    }

    /**
     * Starts a trace of what a pattern selects, counting only calls that also pass a condition on
     * their live values, or at most {@link TraceOptions#perKey()} calls per key computed from them
     * (the agent's expressions).
     *
     * @param live the condition, or {@code null}
     * @param liveKey the key, or {@code null}
     * @see #tracePattern(String, int, TraceOptions)
     */
    public Trace tracePattern(String pattern, int limit, TraceOptions options, LiveCondition live,
            LiveKey liveKey) {
        checkLimit(limit);
        return start(runtime().selector().select(pattern, options), limit, options, live, liveKey);
    }

    /**
     * Returns how many calls each of a trace's conditions turned away so far (see
     * {@link CallFilter#rejections()}); empty for a trace without conditions.
     *
     * @param trace a trace this engine started
     * @throws IllegalArgumentException if the trace was not started by this engine
     */
    public Map<String, Long> rejections(Trace trace) {
        CallFilter filter = runOf(trace).filter();
        return filter == null ? Map.of() : filter.rejections();
    }

    /** Stops every active trace with {@link StopReason#STOPPED}. */
    public void stopAll() {
        Runtime rt = runtime;
        if (rt != null) {
            rt.installer().attached().forEach(trace -> trace.stop(StopReason.STOPPED));
        }
    }

    /**
     * Stops a trace of this engine for a reason, if it is still active: no new call is delivered
     * from now on, and its bytecode is restored in the background. Used where the public
     * {@link Trace#close()} does not say why, e.g. {@link StopReason#CLIENT_GONE} when the client
     * that owned a trace disconnected. Does not wait.
     *
     * @param trace a trace this engine started
     * @param reason why it stops
     * @return whether this call stopped it (false if it had already finished)
     * @throws IllegalArgumentException if the trace was not started by this engine
     */
    public boolean stop(Trace trace, StopReason reason) {
        java.util.Objects.requireNonNull(reason, "reason");
        return runOf(trace).stop(reason);
    }

    /**
     * Returns how long a finished trace took to detach: from the engine noticing that it finished
     * to its original bytecode being back.
     *
     * @param trace a trace this engine started
     * @return the nanoseconds, or -1 if it has not detached yet
     * @throws IllegalArgumentException if the trace was not started by this engine
     */
    public long detachNanos(Trace trace) {
        return runOf(trace).detachNanos();
    }

    private static TraceRun runOf(Trace trace) {
        if (!(trace instanceof TraceHandle handle)) {
            throw new IllegalArgumentException("not a trace of this engine: " + trace);
        }
        return handle.run();
    }

    /**
     * Returns how many times a trace's condition failed (threw, or could not be evaluated), each
     * counted as no match, with the first failure.
     *
     * @param trace a trace this engine started
     * @return the count, and the first failure as one line or {@code null}
     * @throws IllegalArgumentException if the trace was not started by this engine
     */
    public ConditionFailures conditionFailures(Trace trace) {
        CallFilter filter = runOf(trace).filter();
        return filter == null ? new ConditionFailures(0, null)
                : new ConditionFailures(filter.failures(), filter.firstFailure());
    }

    /**
     * How often a trace's condition failed.
     *
     * @param count the failures, each counted as no match
     * @param first the first failure as one line, or {@code null}
     */
    public record ConditionFailures(long count, String first) {
    }

    /**
     * Returns the queue room a trace's waiting events hold now, and its bounds: the events taken
     * from the traced threads and not yet handled, and the bytes their snapshots keep, as the
     * trace counts them ({@link TraceOptions#queueCapacity(int)}, {@link TraceOptions#queueBytes(long)}).
     *
     * @param trace a trace this engine started
     * @throws IllegalArgumentException if the trace was not started by this engine
     */
    public QueueRoom queueRoom(Trace trace) {
        Limiter limiter = runOf(trace).limiter();
        return new QueueRoom(limiter.roomEvents(), limiter.capacity(), limiter.roomBytes(), limiter.capacityBytes(),
                limiter.filled());
    }

    /**
     * What a trace's waiting events hold, a moment's figures, and the bounds past which it ends
     * {@link StopReason#OVERLOAD}.
     *
     * @param events events waiting (a delivered call's end counts from its start)
     * @param maxEvents the most events that may wait
     * @param bytes the bytes they keep, estimated from above
     * @param maxBytes the most bytes they may keep
     * @param filled the bound a call found full, which ended the trace {@link StopReason#OVERLOAD}; null if
     *     none did
     */
    public record QueueRoom(long events, int maxEvents, long bytes, long maxBytes, Limiter.Bound filled) {
    }

    /**
     * Returns what a trace has taken among the classes that loaded while it ran, or empty if its
     * selection takes none (it names its classes exactly).
     *
     * @param trace a trace this engine started
     * @throws IllegalArgumentException if the trace was not started by this engine
     */
    public Optional<LaterClassesState> laterClasses(Trace trace) {
        runOf(trace);
        return Optional.ofNullable(((TraceHandle) trace).watch()).map(ClassLoadWatch::state);
    }

    /**
     * What a trace has taken among the classes that loaded while it ran.
     *
     * @param pattern its selection, as written
     * @param waiting whether it has no method yet: nothing loaded matched so far
     * @param classes how many classes it took as they loaded
     * @param refused how many it had to leave out
     * @param refusals why, for the first few
     */
    public record LaterClassesState(String pattern, boolean waiting, int classes, long refused,
            List<String> refusals) {
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

    /** Returns the traces not yet detached (active, or finished and detaching), oldest first. */
    public List<Trace> activeTraces() {
        handles.removeIf(handle -> handle.run().isDetached());
        return List.copyOf(handles);
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1; got " + limit
                    + ". Every trace is bounded: pass the number of calls to deliver");
        }
    }

    private Trace start(Selection selection, int limit, TraceOptions options) {
        return start(selection, limit, options, null, null);
    }

    private Trace start(Selection selection, int limit, TraceOptions options, LiveCondition live,
            LiveKey liveKey) {
        List<TargetMethod> targets = selection.methods();
        if (live == null && options.where().isPresent()) {
            live = LiveExpressionsLoader.expressions("where").condition(options.where().get());
        }
        if (liveKey == null && options.distinctExpression().isPresent()) {
            liveKey = LiveExpressionsLoader.expressions("distinct").key(options.distinctExpression().get());
        }
        List<Executable> methods = targets.stream().map(TargetMethod::executable).toList();
        if (live != null) {
            live.checkAgainst(methods);
        }
        if (liveKey != null) {
            liveKey.checkAgainst(methods);
        }
        Runtime rt = runtime();
        TraceHandler handler = options.handler().orElseGet(LoggingHandler::new);
        Recorder recordTo = options.record() ? options.recorder().orElse(recorder) : null;
        Dispatcher dispatcher = rt.dispatcher();
        TraceRun run = new TraceRun(traceIds.incrementAndGet(), limit, options, live, liveKey, handler, recordTo, rt.workers(),
                Timings.DEFAULT.laneLingerNanos(), dispatcher::wake);
        ClassLoadWatch watch = selection.later() == null ? null : new ClassLoadWatch(run, selection.later());
        TraceHandle handle = new TraceHandle(run, handler, watch);
        rt.installer().install(run, targets, watch);
        if (selection.waits()) {
            LOG.info("SmartTracer trace {}: no loaded class has a method that {} selects; it waits for classes to load",
                    run.id(), selection.later().pattern());
        }
        // Pruned here as well as when read, so the list never holds more than the traces of the
        // last start that are not detached yet.
        handles.removeIf(started -> started.run().isDetached());
        handles.add(handle);
        dispatcher.register(run, handle);
        return handle;
    }

    /**
     * Refuses a JDK method that the tracer runs on a traced thread before its re-entry guard; the
     * set is read from the bytecode the first time a JDK method is asked for.
     */
    private Optional<String> preGuardRefusal(Method method) {
        Set<String> calls = preGuardCalls();
        String owner = method.getDeclaringClass().getName().replace('.', '/');
        String key = owner + "." + method.getName() + TargetMethod.of(method).descriptor();
        if (!calls.contains(key) && !calls.contains(owner.substring(0, owner.lastIndexOf('/') + 1) + "*")) {
            return Optional.empty();
        }
        return Optional.of(method.getDeclaringClass().getName() + "#" + method.getName() + " is run by SmartTracer"
                + " itself on the traced thread before it can tell that it is inside itself, so each call would"
                + " trace itself again without end; it cannot be traced, even with allowJdkClasses(true)");
    }

    /** Returns the JDK methods run before the re-entry guard, computing them if needed; for tests. */
    Set<String> preGuardCalls() {
        if (preGuardCalls == null) {
            preGuardCalls = PreGuardCalls.compute(BridgeJar.readBridge());
        }
        return preGuardCalls;
    }

    // ---- for tests and status ------------------------------------------------------------

    /** Returns how many classes carry advice now; for tests and status. */
    public int instrumentedClasses() {
        Runtime rt = runtime;
        if (rt == null) {
            return 0;
        }
        if (rt.installer().restorePending()) {
            // A restore failed and waits for its retry, which the dispatcher runs: if its thread could
            // not be replaced when it ended (no memory for a thread then), this starts it again.
            rt.dispatcher().wake();
        }
        return rt.installer().instrumentedClasses();
    }

    /**
     * Tells whether the engine's class-file transformer is registered with the JVM, which it is only
     * while some class carries probes or some trace waits for classes to load; for tests.
     */
    public boolean transformerRegistered() {
        Runtime rt = runtime;
        return rt != null && rt.installer().transformerRegistered();
    }

    /** Returns how many of the tracer's threads are alive; for tests and status. */
    public int liveThreads() {
        Runtime rt = runtime;
        return rt == null ? 0 : (rt.dispatcher().isRunning() ? 1 : 0) + rt.workers().getPoolSize();
    }

    // ---- set-up --------------------------------------------------------------------------

    private Runtime runtime() {
        Runtime rt = runtime;
        if (rt != null) {
            return rt;
        }
        setUp.lock();
        try {
            if (runtime == null) {
                runtime = createRuntime();
            }
            return runtime;
        } finally {
            setUp.unlock();
        }
    }

    private Runtime createRuntime() {
        Instrumentation instrumentation = AgentLoader.obtain();
        if (!instrumentation.isRetransformClassesSupported()) {
            throw new TracerException("this JVM does not support retransforming classes, which tracing needs", null);
        }
        Module bridge = BridgeJar.linkedModule();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, Timings.DEFAULT.workerIdleNanos(),
                TimeUnit.NANOSECONDS, new SynchronousQueue<>(), new TracerThreads("worker", guard));
        ProbeTable probes = new ProbeTable();
        ProbeInstaller installer = new ProbeInstaller(probes,
                new ClassInstrumenter(instrumentation, bridge, probes, guard), guard);
        Dispatcher dispatcher = new Dispatcher(new TracerThreads("dispatch", guard), workers, installer, Timings.DEFAULT);
        Snapshotter snapshotter = new Snapshotter(SnapshotLimits.DEFAULT);
        ProbeRouter router = new ProbeRouter(probes, guard, snapshotter, dispatcher);
        router.warmUp();
        probes.routeTo(router);
        MethodSelector selector = new MethodSelector(instrumentation::getAllLoadedClasses,
                instrumentation::isModifiableClass, this::preGuardRefusal,
                new ConstantPools(instrumentation)::memberReferences);
        return new Runtime(instrumentation, installer, dispatcher, workers, selector);
    }
}
