package dev.smarttracer.agent.internal.target;

import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.agent.internal.protocol.EventCodec;
import dev.smarttracer.agent.internal.protocol.FrameKind;
import dev.smarttracer.agent.internal.protocol.FrameWriter;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.agent.internal.protocol.Protocol;
import dev.smarttracer.agent.internal.protocol.TraceRequest;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import dev.smarttracer.recorder.internal.JsonLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A trace started by a client of the control channel, and the handler that streams its events to
 * that client: each event becomes its JSON Lines text, encoded as UTF-8, on the tracer's worker
 * thread, waits in the outbox, and {@link #streamEvents()} (the connection's writer thread) sends
 * what has gathered as a batch of {@link FrameKind#EVENT} frames, one write for many events; an
 * engine warning waits in the same outbox, in its place, and goes as a {@link FrameKind#CONTROL}
 * frame. The trace ends with an {@link Protocol#END} message: why, the counts, the latencies, what
 * was lost and the time to detach.
 *
 * <p>What waits is paid for from the agent's {@link OutboxBudget}, shared by every connection,
 * from the moment an event is encoded until its write has returned. The handler never waits for
 * room: when the budget is full, the traces above their share end {@link StopReason#OVERLOAD},
 * their waiting events dropped, counted as lost and their room given back at once; later events
 * are dropped on arrival. So is an event whose text would not fit in a frame. A client that goes
 * away stops the trace with {@link StopReason#CLIENT_GONE} ({@link #clientGone()}), and whatever
 * waited for it is given back as the writer ends.
 *
 * <p>Thread-safe: the engine calls the handler methods on its worker, the writer thread streams,
 * the connection's reader reports the client gone, and any trace's worker may overload this one.
 */
final class RemoteTrace implements TraceHandler, OutboxBudget.Holder {

    /** The most bytes of events the writer takes from the outbox for one batch. */
    static final int BATCH_BYTES = 256 * 1024;
    private static final int BATCH = 512;
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Duration DETACH_WAIT = Duration.ofSeconds(5);
    private static final Outgoing END_MARK = new Outgoing(FrameKind.CONTROL, new byte[0]);

    private final TraceRequest request;
    private final TraceControl control;
    private final FrameWriter frames;
    private final boolean binary;
    private final OutboxBudget budget;
    private final BlockingQueue<Outgoing> outbox = new LinkedBlockingQueue<>();
    /** Bytes of the budget this trace holds: its outbox and the batch being written. */
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Consumer<String> warnings = this::warning;
    /** Used by {@link #handle} alone, which the engine calls one event at a time. */
    private final EventCodec.Encoder encoder = new EventCodec.Encoder();
    private volatile Trace trace;
    private volatile boolean clientGone;
    /** Set once the trace could not keep up: it is stopping, and later events are dropped at once. */
    private volatile boolean overloaded;
    /** Set when the writer has ended, sent the end or not: nothing more is sent. */
    private volatile boolean writerDone;
    private volatile boolean endSent;
    private boolean ended;

    /** A frame's payload waiting in the outbox, and what it is. */
    private record Outgoing(FrameKind kind, byte[] payload) {
    }

    /**
     * What a remote trace needs of the agent: to stop its trace for a reason, and to learn that
     * the trace ended. Implemented by {@link AttachAgent}.
     */
    interface TraceControl {

        /** Stops a trace for a reason if it still runs. */
        void stop(Trace trace, StopReason reason);

        /** Returns how long a finished trace took to detach, or -1 if it has not yet. */
        long detachNanos(Trace trace);

        /** Returns how often the trace's condition failed, each counted as no match. */
        default TraceEngine.ConditionFailures conditionFailures(Trace trace) {
            return new TraceEngine.ConditionFailures(0, null);
        }

        /** Returns what the trace took among classes that loaded while it ran, if its selection takes any. */
        default Optional<TraceEngine.LaterClassesState> laterClasses(Trace trace) {
            return Optional.empty();
        }

        /** Called once when the trace has ended, on the tracer's worker. */
        void ended(RemoteTrace remote, Trace trace);

        /** Starts handing the agent's warnings to a listener, if the agent keeps them. */
        void listen(Consumer<String> listener);

        /** Stops handing warnings to a listener. */
        void unlisten(Consumer<String> listener);

        /**
         * Called once when the writer ended without sending the end, its client gone or too slow
         * to read: the agent keeps the trace's summary a while, for the client to ask again.
         */
        void endUnsent(RemoteTrace remote);
    }

    /**
     * @param request what the client asked for
     * @param control the agent
     * @param frames the client's connection
     * @param budget pays for what waits for the client; this trace shares it while its writer runs
     * @param binary whether events go in the binary encoding ({@link EventCodec}), as the client
     *     asked in its hello, or as JSON lines
     */
    RemoteTrace(TraceRequest request, TraceControl control, FrameWriter frames, OutboxBudget budget,
            boolean binary) {
        this.binary = binary;
        this.request = request;
        this.control = control;
        this.frames = frames;
        this.budget = budget;
    }

    /** Returns what the client asked for. */
    TraceRequest request() {
        return request;
    }

    /** Returns the trace, once started. */
    Trace trace() {
        return trace;
    }

    /**
     * Remembers the trace the engine started with this handler.
     *
     * @param started the trace
     */
    void started(Trace started) {
        this.trace = started;
        synchronized (this) {
            if (!ended) {
                control.listen(warnings);
            }
        }
    }

    @Override
    public void handle(Call call) {
        if (clientGone || overloaded || writerDone) {
            dropped.incrementAndGet();
            return;
        }
        try {
            byte[] payload = binary ? encoder.encode(call) : JsonLine.write(call).getBytes(StandardCharsets.UTF_8);
            if (payload.length > Protocol.MAX_PAYLOAD) {
                dropped.incrementAndGet();
                return;
            }
            long cost = payload.length + OutboxBudget.OVERHEAD;
            if (budget.take(this, cost)) {
                held.addAndGet(cost);
                Outgoing event = new Outgoing(binary ? FrameKind.EVENT_BINARY : FrameKind.EVENT, payload);
                try {
                    outbox.add(event);
                } catch (RuntimeException | OutOfMemoryError notQueued) {
                    give(event);
                    throw notQueued;
                }
                if (overloaded || clientGone || writerDone) {
                    // Overloaded, gone or no longer written meanwhile: this event goes with the rest.
                    dropWaiting();
                }
                return;
            }
        } catch (RuntimeException | OutOfMemoryError cannot) {
            // Whatever happens here stays here: the event is counted as lost.
        }
        dropped.incrementAndGet();
        overload();
    }

    @Override
    public long held() {
        return held.get();
    }

    /**
     * Ends the trace as overloaded: later events are dropped on arrival, and those waiting are
     * dropped, counted as lost and their room given back now. What the writer has begun to send
     * stays paid for until its write returns.
     */
    @Override
    public void overload() {
        overloaded = true;
        dropWaiting();
        Trace current = trace;
        if (current != null) {
            control.stop(current, clientGone ? StopReason.CLIENT_GONE : StopReason.OVERLOAD);
        }
    }

    /** Drops the events waiting in the outbox, counting them as lost; the end mark stays. */
    private void dropWaiting() {
        boolean endWaits = false;
        for (Outgoing waiting; (waiting = outbox.poll()) != null; ) {
            if (waiting == END_MARK) {
                endWaits = true;
            } else {
                give(waiting);
                dropped.incrementAndGet();
            }
        }
        if (endWaits) {
            outbox.add(END_MARK);
        }
    }

    private void give(Outgoing waiting) {
        if (waiting == END_MARK) {
            return;
        }
        long cost = waiting.payload().length + OutboxBudget.OVERHEAD;
        held.addAndGet(-cost);
        budget.release(cost);
    }

    @Override
    public void stopped(Trace finished) {
        this.trace = finished;
        synchronized (this) {
            ended = true;
            control.unlisten(warnings);
        }
        control.ended(this, finished);
        if (!clientGone) {
            // Not counted against the outbox's bound: the end must reach the client even behind
            // a full outbox, since it is what tells the client that the trace is over.
            outbox.add(END_MARK);
        }
    }

    private void warning(String line) {
        if (!clientGone && !overloaded) {
            byte[] warning = Message.of(Protocol.WARNING).with("message", line).toJson()
                    .getBytes(StandardCharsets.UTF_8);
            long cost = warning.length + OutboxBudget.OVERHEAD;
            if (warning.length <= Protocol.MAX_PAYLOAD && budget.tryTake(cost)) {
                held.addAndGet(cost);
                outbox.add(new Outgoing(FrameKind.CONTROL, warning));
            }
        }
    }

    /**
     * Reports that the client went away or asked to cancel: the trace stops with
     * {@link StopReason#CLIENT_GONE} and nothing more is sent.
     *
     * @param stillListening whether the client still reads (a cancel), so the end is still sent
     */
    void clientGone(boolean stillListening) {
        if (!stillListening) {
            clientGone = true;
        }
        Trace current = trace;
        if (current != null) {
            control.stop(current, StopReason.CLIENT_GONE);
        }
    }

    /**
     * Sends the trace's events to the client as they come, then its end. Runs on the connection's
     * writer thread until the end is sent or the client is gone; whatever way it ends, what this
     * trace still holds of the budget is given back.
     *
     * @throws IOException if the connection fails
     */
    void streamEvents() throws IOException {
        List<Outgoing> batch = new ArrayList<>(BATCH);
        List<byte[]> run = new ArrayList<>(BATCH);
        budget.join(this);
        try {
            for (;;) {
                Outgoing first = outbox.poll(100, TimeUnit.MILLISECONDS);
                if (clientGone) {
                    return;
                }
                if (first == null) {
                    continue;
                }
                batch.add(first);
                if (outbox.size() < BATCH - 1) {
                    // Gather what else comes within a millisecond: one write to the client, and one
                    // wake-up of this thread, for many events instead of one each.
                    LockSupport.parkNanos(GATHER_NANOS);
                }
                long bytes = first.payload().length;
                for (Outgoing next; bytes < BATCH_BYTES && batch.size() < BATCH && (next = outbox.poll()) != null; ) {
                    batch.add(next);
                    bytes += next.payload().length;
                }
                int end = indexOfEnd(batch);
                if (end >= 0) {
                    send(batch.subList(0, end), run);
                    frames.send(endMessage());
                    endSent = true;
                    return;
                }
                send(batch, run);
                batch.forEach(this::give);
                batch.clear();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            batch.forEach(this::give);
            closeOutbox();
        }
    }

    /**
     * Gives back everything the outbox holds and drops what arrives later: the writer has ended,
     * or could not be started.
     */
    void closeOutbox() {
        // Events handed over from now on are dropped on arrival (see handle).
        writerDone = true;
        budget.leave(this);
        dropWaiting();
        if (!endSent && trace != null) {
            control.endUnsent(this);
        }
    }

    /**
     * Sends a batch, each run of payloads of one kind in one call: events and the rare warning
     * between them keep their order.
     */
    private void send(List<Outgoing> batch, List<byte[]> run) throws IOException {
        try {
            FrameKind kind = null;
            for (Outgoing next : batch) {
                if (next.kind() != kind && !run.isEmpty()) {
                    frames.sendPayloads(kind, run);
                    run.clear();
                }
                kind = next.kind();
                run.add(next.payload());
            }
            if (!run.isEmpty()) {
                frames.sendPayloads(kind, run);
            }
        } finally {
            run.clear();
        }
    }

    private static int indexOfEnd(List<Outgoing> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) == END_MARK) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the trace's end as the client would have received it, waiting for the trace to
     * complete and detach (up to five seconds each).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    Message endMessage() throws InterruptedException {
        Trace finished = trace;
        finished.awaitCompleted(DETACH_WAIT);
        finished.awaitDetached(DETACH_WAIT);
        TraceStats stats = finished.stats();
        TraceEngine.ConditionFailures failed = control.conditionFailures(finished);
        Optional<TraceEngine.LaterClassesState> later = control.laterClasses(finished);
        return Message.of(Protocol.END).with("traceId", finished.id()).with("reason", finished.stopReason().name())
                .with("calls", stats.calls()).with("returns", stats.returns()).with("exceptions", stats.exceptions())
                .with("p50Nanos", stats.p50Nanos()).with("p99Nanos", stats.p99Nanos())
                .with("maxNanos", stats.maxNanos()).with("lost", stats.lost() + dropped.get())
                .with("events", stats.calls() + stats.returns() + stats.exceptions() + stats.lost())
                .with("detachNanos", control.detachNanos(finished))
                .with("conditionFailures", failed.count()).with("conditionFailure", failed.first())
                .with("laterClasses", later.map(state -> (Object) state.classes()).orElse(null))
                .with("laterRefused", later.map(state -> (Object) state.refused()).orElse(null))
                .with("laterRefusal", later.flatMap(state -> state.refusals().stream().findFirst()).orElse(null));
    }
}
