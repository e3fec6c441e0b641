package dev.smarttracer.agent.internal.target;

import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.TraceState;
import dev.smarttracer.cel.DistinctKey;
import dev.smarttracer.cel.WhereCondition;
import dev.smarttracer.agent.internal.log.WarningLog;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.agent.internal.protocol.Protocol;
import dev.smarttracer.agent.internal.protocol.TraceRequest;
import dev.smarttracer.bridge.v1.Bridge;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.internal.reentry.TracerThreads;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.Recording;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.internal.JsonLinesCodec;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The SmartTracer agent of one target JVM, as the command-line tool reaches it: it opens the
 * {@link ControlServer control channel} and serves its requests with its own trace engine, whose
 * recorder keeps what remote traces record for {@link RecordingRetention its retention time}.
 *
 * <p>Started by the agent's entry point ({@code SmartTracerAgent}) in the agent's own class
 * loader and published through the bootstrap bridge, so that a second load of the agent reaches
 * this one: {@link #accept} opens the channel unless it is open already. Until the first trace it
 * is dormant: one thread waiting for connections, and neither the engine nor any library loaded.
 *
 * <p>Thread-safe.
 */
public final class AttachAgent implements Consumer<String>, RemoteTrace.TraceControl {

    private static final Path TMP = Path.of("/tmp");
    /**
     * Events a remote trace may hold between the traced calls and its handler: ten times the
     * in-process default, about half a second of a method called 100,000 times a second with its
     * returns, so that a trace outlasts the first second of its handler's code running
     * interpreted. The room is taken only while events wait.
     */
    private static final int QUEUE_CAPACITY = 100_000;
    /**
     * The bytes a trace that records in the background may hold in its queue, at most: a
     * sixteenth of the heap, as for any trace, but up to 256 MiB rather than 64, and no bound in
     * number before it. Such a trace has no client to wait for (the recorder keeps each call on
     * the dispatcher's thread, and its handler does nothing), so its queue fills only while the
     * tracer's threads cannot run (a collector's pause, a busy machine), and the traced threads
     * then catch up all at once: at 1,000,000 events a second, a pause of 100 ms is 100,000
     * events, about 40 MiB of small ones as the queue counts them. Room is taken only while events
     * wait.
     */
    private static final long BACKGROUND_QUEUE_BYTES_CAP = 256L << 20;
    private static final int MAX_UNSENT_ENDS = 64;
    private static final long SUMMARY_KEEP_NANOS = TimeUnit.MINUTES.toNanos(Protocol.SUMMARY_KEEP_MINUTES);

    /** The end of a trace its client did not receive, and since when it is kept. */
    private record UnsentEnd(RemoteTrace remote, long since) {
    }

    private final long pid = ProcessHandle.current().pid();
    private final long startedMillis = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
            .orElse(-1L);
    private final Map<Long, RemoteTrace> remotes = new ConcurrentHashMap<>();
    /** The requests of traces that record in the background, until each has stopped. */
    private final Map<Long, TraceRequest> backgrounds = new ConcurrentHashMap<>();
    /**
     * What remote traces record: the recorder's usual bounds, but never more than an eighth of
     * the heap, so that recordings in a small JVM cannot become the outage they were to explain.
     */
    private final Recorder recorder = Recorder.create(Recorder.DEFAULT_MAX_EVENTS,
            Math.max(1L << 20, Math.min(Recorder.DEFAULT_MAX_BYTES, Runtime.getRuntime().maxMemory() / 8)));
    /** Ends not received by their clients, oldest first; bounded in number and time. */
    private final Map<Long, UnsentEnd> unsentEnds = new LinkedHashMap<>();
    /**
     * Where the agent leaves why its control channel could not be opened, as its entry point
     * does ({@code SmartTracerAgent.FAILURE_PROPERTY}, which this class loader does not see).
     */
    public static final String FAILURE_PROPERTY = "smarttracer.agent.failure";
    /** The system property that sets the budget when the agent's options do not. */
    public static final String BUDGET_PROPERTY = "smarttracer.budget";

    private ControlServer server;
    private volatile OutboxBudget budget;
    private volatile String startFailure;
    private final List<String> optionWarnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile TraceEngine engine;
    private volatile RecordingRetention retention;

    /** Creates the agent; the entry point calls this once per JVM. */
    public AttachAgent() {
    }

    /**
     * Opens the control channel, unless it is open already. Never throws: a channel that cannot
     * be opened is kept as a warning, for the command line to find, and the application goes on.
     *
     * @param launch the path of the agent jar this agent was loaded from, then, after a NUL
     *     character, the agent's options if any ({@code budget=16m}); the options of a later load
     *     are ignored, the agent running already
     */
    @Override
    public synchronized void accept(String launch) {
        if (server != null) {
            return;
        }
        int split = launch.indexOf('\0');
        String agentJar = split < 0 ? launch : launch.substring(0, split);
        if (budget == null) {
            budget = new OutboxBudget(budgetOf(split < 0 ? "" : launch.substring(split + 1)));
        }
        try {
            server = ControlServer.start(TMP, pid, (channel, name, onClose) -> new ControlSession(channel, this,
                    name, onClose));
            startFailure = null;
            System.clearProperty(FAILURE_PROPERTY);
        } catch (IOException | RuntimeException failed) {
            startFailure = "SmartTracer's agent (" + agentJar + ") could not open its control socket in " + TMP + ": "
                    + failed.getMessage();
            // Nothing is printed on the application's output: the command line reads this instead.
            System.setProperty(FAILURE_PROPERTY, startFailure);
        }
    }

    /**
     * Reads the budget from the agent's options ({@code budget=<size>}, comma-separated with
     * others) or the system property {@value #BUDGET_PROPERTY}; a value that cannot be read leaves
     * the default, with a warning kept for {@code status}.
     */
    private long budgetOf(String options) {
        String value = System.getProperty(BUDGET_PROPERTY);
        for (String option : options.split(",")) {
            if (option.startsWith("budget=")) {
                value = option.substring("budget=".length());
            } else if (!option.isBlank()) {
                optionWarnings.add("SmartTracer's agent ignored the option \"" + option + "\": it knows budget=<size>"
                        + " only (e.g. -javaagent:smarttracer.jar=budget=32m)");
            }
        }
        if (value == null) {
            return OutboxBudget.DEFAULT_BYTES;
        }
        try {
            return OutboxBudget.parse(value);
        } catch (IllegalArgumentException invalid) {
            optionWarnings.add("SmartTracer's agent ignored " + invalid.getMessage() + "; the budget is "
                    + OutboxBudget.describe(OutboxBudget.DEFAULT_BYTES));
            return OutboxBudget.DEFAULT_BYTES;
        }
    }

    /** Returns why the control channel could not be opened, or {@code null} if it is open. */
    public String startFailure() {
        return startFailure;
    }

    /** Returns the budget every connection's waiting events share. */
    OutboxBudget budget() {
        OutboxBudget current = budget;
        return current == null ? new OutboxBudget(OutboxBudget.DEFAULT_BYTES) : current;
    }

    // ---- what the sessions ask ---------------------------------------------------------

    /** Returns the agent's hello: protocol and agent version, and which JVM this is. */
    Message hello() {
        return Message.of(Protocol.HELLO).with("protocol", Protocol.VERSION).with("agent", Protocol.agentVersion())
                .with("pid", pid).with("startedMillis", startedMillis);
    }

    /**
     * Starts a trace whose events go to a client.
     *
     * @param remote the trace's handler, with the client's request
     * @return the trace
     * @throws IllegalArgumentException if the request selects nothing traceable
     */
    Trace start(RemoteTrace remote) {
        TraceRequest request = remote.request();
        // The agent's recorder, but only when asked to record: naming a recorder implies recording.
        Trace trace = startTrace(request, remote, request.record(), options -> options.queueCapacity(QUEUE_CAPACITY));
        remotes.put(trace.id(), remote);
        return trace;
    }

    /** Starts the trace a request asks for, with the agent's recorder, its queue room, and its filters compiled. */
    private Trace startTrace(TraceRequest request, TraceHandler handler, boolean record,
            UnaryOperator<TraceOptions> queueRoom) {
        TraceOptions options = queueRoom.apply(request.options().handler(handler).recorder(recorder).record(record));
        String where = request.filters().where();
        String distinct = request.filters().distinct();
        return engine().tracePattern(request.pattern(), request.limit(), options,
                where == null ? null : WhereCondition.compile(where),
                distinct == null ? null : DistinctKey.compile(distinct));
    }

    /**
     * Starts a trace that records in the target only and runs on its own, after the client that
     * asked for it has gone, until its limit, rate, time limit or {@code stop} ends it; its recording
     * is kept for the request's keep time after that, and the recorder's bounds hold as for any.
     *
     * @param request a request with {@code record} and {@code background}
     * @return the trace
     * @throws IllegalArgumentException if the request selects nothing traceable
     */
    Trace startInBackground(TraceRequest request) {
        Trace trace = startTrace(request, new BackgroundTrace(request), true,
                options -> options.queueCapacity(TraceOptions.MAX_QUEUE_CAPACITY)
                        .queueBytes(TraceOptions.heapShareQueueBytes(BACKGROUND_QUEUE_BYTES_CAP)));
        backgrounds.put(trace.id(), request);
        return trace;
    }

    /**
     * The handler of a trace that records in the background: the recorder has each call before a
     * handler does, so the calls need nothing more; its end schedules the recording's retention.
     */
    private final class BackgroundTrace implements TraceHandler {
        private final TraceRequest request;

        BackgroundTrace(TraceRequest request) {
            this.request = request;
        }

        @Override
        public void handle(Call call) {
            // recorded already
        }

        @Override
        public void stopped(Trace trace) {
            backgrounds.remove(trace.id());
            retention().ended(trace.id(), Duration.ofMillis(request.keepMillis()));
        }
    }

    /**
     * Writes recordings as JSON Lines, each trace's events then its end.
     *
     * @param traceId the trace whose recording to write, or 0 for all
     * @param out where the lines go
     * @throws IOException if the client is gone
     */
    void writeRecordings(long traceId, Writer out) throws IOException {
        TraceEngine current = engine;
        if (current == null) {
            return;
        }
        List<Recording> recordings = traceId == 0 ? recorder.recordings()
                : recorder.recording(traceId).stream().toList();
        JsonLinesCodec.writeRecordings(recordings, out);
    }

    /**
     * Stops traces and drops recordings.
     *
     * @param traceId the trace to stop, or 0
     * @param all whether to stop every trace
     * @param recordings whether to drop every recording
     * @return the {@link Protocol#STOPPED} answer
     */
    Message stop(long traceId, boolean all, boolean recordings) {
        TraceEngine current = engine;
        List<Object> stopped = new ArrayList<>();
        long recordingsDropped = 0;
        long eventsDropped = 0;
        if (current != null) {
            for (Trace trace : current.activeTraces()) {
                if ((all || trace.id() == traceId) && current.stop(trace, StopReason.STOPPED)) {
                    stopped.add(trace.id());
                }
            }
            if (recordings) {
                recordingsDropped = recorder.recordings().size();
                eventsDropped = recorder.size();
                recorder.clear();
                retention().forgetAll();
            }
        }
        return Message.of(Protocol.STOPPED).with("traces", stopped).with("recordingsDropped", recordingsDropped)
                .with("eventsDropped", eventsDropped);
    }

    /** Returns what the agent runs and holds, for {@code smarttracer status}. */
    Message status() {
        TraceEngine current = engine;
        List<Object> traces = new ArrayList<>();
        List<Object> recordings = new ArrayList<>();
        Map<String, Object> recorderFigures = new LinkedHashMap<>();
        if (current != null) {
            List<Trace> active = current.activeTraces();
            Set<Long> activeIds = active.stream().map(Trace::id).collect(Collectors.toSet());
            remotes.keySet().retainAll(activeIds);
            for (Trace trace : active) {
                RemoteTrace remote = remotes.get(trace.id());
                TraceRequest request = remote != null ? remote.request() : backgrounds.get(trace.id());
                Map<String, Object> shown = new LinkedHashMap<>();
                shown.put("traceId", trace.id());
                shown.put("pattern", request == null ? "?" : request.pattern());
                shown.put("delivered", trace.delivered());
                shown.put("limit", request == null ? -1 : request.limit());
                shown.put("state", trace.state() == TraceState.ACTIVE ? "ACTIVE" : "DETACHING");
                if (request != null && !request.optionsText().isEmpty()) {
                    shown.put("options", request.optionsText());
                }
                TraceEngine.QueueRoom room = current.queueRoom(trace);
                Map<String, Object> queue = new LinkedHashMap<>();
                queue.put("events", room.events());
                queue.put("maxEvents", room.maxEvents());
                queue.put("bytes", room.bytes());
                queue.put("maxBytes", room.maxBytes());
                shown.put("queue", queue);
                Map<String, Long> rejected = current.rejections(trace);
                if (!rejected.isEmpty()) {
                    shown.put("rejected", rejected);
                }
                TraceEngine.ConditionFailures failed = current.conditionFailures(trace);
                if (failed.count() > 0) {
                    shown.put("conditionFailures", failed.count());
                    shown.put("conditionFailure", failed.first());
                }
                current.laterClasses(trace).ifPresent(later -> {
                    shown.put("waiting", later.waiting());
                    shown.put("laterClasses", later.classes());
                    shown.put("laterRefused", later.refused());
                    shown.put("laterRefusals", later.refusals());
                });
                traces.add(shown);
            }
        }
        for (RecordingRetention.Kept kept : retention().recordings()) {
            Recording recording = kept.recording();
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("traceId", recording.traceId());
            shown.put("events", recording.calls().size());
            shown.put("dropped", recording.droppedEvents());
            shown.put("stopReason", recording.stopReason() == null ? null : recording.stopReason().name());
            shown.put("keptUntil", kept.until() == null ? null : kept.until().toString());
            recordings.add(shown);
        }
        recorderFigures.put("events", recorder.size());
        recorderFigures.put("bytes", recorder.bytes());
        recorderFigures.put("maxEvents", recorder.maxEvents());
        recorderFigures.put("maxBytes", recorder.maxBytes());
        recorderFigures.put("dropped", recorder.droppedEvents());
        WarningLog log = current == null ? null : WarningLog.current();
        ControlServer channel = server;
        return Message.of(Protocol.STATUS).with("agent", Protocol.agentVersion()).with("protocol", Protocol.VERSION)
                .with("pid", pid).with("loadedAtStartup", Bridge.publishedAtStartup()).with("traces", traces)
                .with("instrumentedClasses", current == null ? 0 : current.instrumentedClasses())
                .with("probesInJvm", Bridge.allocated())
                .with("tracerThreads", (current == null ? 0 : current.liveThreads())
                        + (channel == null ? 0 : channel.threads()))
                .with("connections", channel == null ? 0 : channel.connections())
                .with("budget", budgetFigures())
                .with("recorder", recorderFigures).with("recordings", recordings)
                .with("warnings", (log == null ? 0 : log.total()) + optionWarnings.size())
                .with("recentWarnings", recentWarnings(log));
    }

    private Map<String, Object> budgetFigures() {
        OutboxBudget current = budget();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("bytes", current.limit());
        figures.put("used", current.used());
        figures.put("peak", current.peak());
        ControlServer channel = server;
        figures.put("refusedPeers", channel == null ? 0 : channel.refusedPeers());
        return figures;
    }

    private List<Object> recentWarnings(WarningLog log) {
        List<Object> recent = new ArrayList<>(optionWarnings);
        if (log != null) {
            recent.addAll(log.recent());
        }
        return recent;
    }

    // ---- what remote traces ask --------------------------------------------------------

    @Override
    public void stop(Trace trace, StopReason reason) {
        engine().stop(trace, reason);
    }

    @Override
    public long detachNanos(Trace trace) {
        return engine().detachNanos(trace);
    }

    @Override
    public TraceEngine.ConditionFailures conditionFailures(Trace trace) {
        return engine().conditionFailures(trace);
    }

    @Override
    public Optional<TraceEngine.QueueRoom> queueRoom(Trace trace) {
        return Optional.of(engine().queueRoom(trace));
    }

    @Override
    public Optional<TraceEngine.LaterClassesState> laterClasses(Trace trace) {
        return engine().laterClasses(trace);
    }

    @Override
    public void ended(RemoteTrace remote, Trace trace) {
        remotes.remove(trace.id(), remote);
        TraceRequest request = remote.request();
        if (request.record()) {
            retention().ended(trace.id(), Duration.ofMillis(request.keepMillis()));
        }
    }

    @Override
    public void endUnsent(RemoteTrace remote) {
        long now = System.nanoTime();
        synchronized (unsentEnds) {
            unsentEnds.values().removeIf(kept -> now - kept.since() > SUMMARY_KEEP_NANOS);
            unsentEnds.put(remote.trace().id(), new UnsentEnd(remote, now));
            while (unsentEnds.size() > MAX_UNSENT_ENDS) {
                unsentEnds.remove(unsentEnds.keySet().iterator().next());
            }
        }
    }

    /**
     * Returns the end of a trace whose client did not receive it, for {@code summary}.
     *
     * @param traceId the trace
     * @return its {@link Protocol#END}, or an {@link Protocol#ERROR} if none is kept
     */
    Message summary(long traceId) {
        UnsentEnd kept;
        synchronized (unsentEnds) {
            kept = unsentEnds.get(traceId);
        }
        if (kept == null) {
            return Message.of(Protocol.ERROR).with("reason", Protocol.REASON_REFUSED).with("message", "no end of"
                    + " trace " + traceId + " is kept here: only a trace whose connection closed before its end was"
                    + " sent is, for " + Protocol.SUMMARY_KEEP_MINUTES + " minutes");
        }
        try {
            return kept.remote().endMessage();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Message.of(Protocol.ERROR).with("reason", Protocol.REASON_FAILED).with("message",
                    "interrupted while trace " + traceId + " completed");
        }
    }

    @Override
    public void listen(Consumer<String> listener) {
        WarningLog log = WarningLog.current();
        if (log != null) {
            log.listen(listener);
        }
    }

    @Override
    public void unlisten(Consumer<String> listener) {
        WarningLog log = WarningLog.current();
        if (log != null) {
            log.unlisten(listener);
        }
    }

    // ---- set-up ------------------------------------------------------------------------

    private TraceEngine engine() {
        TraceEngine current = engine;
        if (current == null) {
            current = TraceEngine.instance();
            engine = current;
        }
        return current;
    }

    private RecordingRetention retention() {
        RecordingRetention current = retention;
        if (current == null) {
            synchronized (remotes) {
                if (retention == null) {
                    retention = new RecordingRetention(recorder, Clock.systemUTC(),
                            task -> TracerThreads.named("smarttracer-retention", task));
                }
                current = retention;
            }
        }
        return current;
    }
}
