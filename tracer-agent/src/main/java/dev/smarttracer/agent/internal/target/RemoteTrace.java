package dev.smarttracer.agent.internal.target;

import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.agent.internal.protocol.EventCodec;
import dev.smarttracer.agent.internal.protocol.FrameKind;
import dev.smarttracer.agent.internal.protocol.FrameWriter;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.agent.internal.protocol.Protocol;
import dev.smarttracer.agent.internal.protocol.TraceRequest;
import dev.smarttracer.internal.delivery.Limiter;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import dev.smarttracer.recorder.internal.JsonLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A trace started by a client of the control channel, and the handler that streams its events to
 * that client: each event is encoded on the tracer's worker thread (in the binary encoding the
 * client asked for, {@link EventCodec}, or as its JSON Lines text), laid out as a whole frame in
 * the trace's {@link EventOutbox}, and {@link #streamEvents()} (the connection's writer thread)
 * sends what has gathered a block at a time, one write for many events; an engine warning goes
 * into the same outbox, in its place, as a {@link FrameKind#CONTROL} frame. The trace ends with an
 * {@link Protocol#END} message: why, the counts, the latencies, what was lost and the time to
 * detach.
 *
 * <p>What waits is paid for from the agent's {@link OutboxBudget}, shared by every connection, a
 * block of frames at a time, until its write has returned. The handler never waits for room: when
 * the budget is full, the traces above their share end {@link StopReason#OVERLOAD}, their waiting
 * events dropped, counted as lost and their room given back at once; later events are dropped on
 * arrival. So is an event whose text would not fit in a frame. A client that goes away stops the
 * trace with {@link StopReason#CLIENT_GONE} ({@link #clientGone()}), and whatever waited for it is
 * given back as the writer ends.
 *
 * <p>Thread-safe: the engine calls the handler methods on its worker, the writer thread streams,
 * the connection's reader reports the client gone, and any trace's worker may overload this one.
 */
final class RemoteTrace implements TraceHandler, OutboxBudget.Holder {

    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Duration DETACH_WAIT = Duration.ofSeconds(5);

    private final TraceRequest request;
    private final TraceControl control;
    private final FrameWriter frames;
    private final boolean binary;
    private final OutboxBudget budget;
    private final EventOutbox outbox;
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

        /** Returns the trace's queue room: what waits, its bounds, and which bound a call found full. */
        default Optional<TraceEngine.QueueRoom> queueRoom(Trace trace) {
            return Optional.empty();
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
     * @param budget pays for what waits for the client; this trace shares it from now until
     *     {@link #closeOutbox}, which whoever made it calls if the writer never runs
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
        this.outbox = new EventOutbox(budget, this);
        // A holder from the start: events reach the outbox as soon as the trace is installed, before
        // the writer runs, and a trace outside the holders could neither claim its share nor
        // overload one that has stopped reading.
        budget.join(this);
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
            if (outbox.add(binary ? FrameKind.EVENT_BINARY : FrameKind.EVENT, payload, true, true)) {
                if (overloaded || clientGone || writerDone) {
                    // Overloaded, gone or no longer written meanwhile: this event goes with the rest.
                    dropWaiting();
                }
                return;
            }
            if (clientGone || writerDone) {
                // Refused because the writer closed the outbox: nothing to overload.
                dropped.incrementAndGet();
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
        return outbox.held();
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

    /** Drops the events waiting in the outbox, counting them as lost; the end still follows. */
    private void dropWaiting() {
        dropped.addAndGet(outbox.dropWaiting());
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
            outbox.end();
        }
    }

    private void warning(String line) {
        if (!clientGone && !overloaded) {
            byte[] warning = Message.of(Protocol.WARNING).with("message", line).toJson()
                    .getBytes(StandardCharsets.UTF_8);
            if (warning.length <= Protocol.MAX_PAYLOAD) {
                outbox.add(FrameKind.CONTROL, warning, false, false);
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
        EventOutbox.Block sending = null;
        try {
            for (;;) {
                // What arrives within a millisecond of a first event joins it: one write to the
                // client, and one wake-up of this thread, for many events instead of one each.
                sending = outbox.take(WAIT_NANOS, GATHER_NANOS);
                if (clientGone) {
                    return;
                }
                if (sending != null) {
                    frames.sendFramed(sending.bytes, sending.size);
                    outbox.sent(sending);
                    sending = null;
                } else if (outbox.ended()) {
                    frames.send(endMessage());
                    endSent = true;
                    return;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            if (sending != null) {
                outbox.sent(sending);
            }
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
        dropped.addAndGet(outbox.close());
        if (!endSent && trace != null) {
            control.endUnsent(this);
        }
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
        Optional<Overload> overload = overload(finished);
        return Message.of(Protocol.END).with("traceId", finished.id()).with("reason", finished.stopReason().name())
                .with("calls", stats.calls()).with("returns", stats.returns()).with("exceptions", stats.exceptions())
                .with("p50Nanos", stats.p50Nanos()).with("p99Nanos", stats.p99Nanos())
                .with("maxNanos", stats.maxNanos()).with("lost", stats.lost() + dropped.get())
                .with("events", stats.calls() + stats.returns() + stats.exceptions() + stats.lost())
                .with("detachNanos", control.detachNanos(finished))
                .with("conditionFailures", failed.count()).with("conditionFailure", failed.first())
                .with("laterClasses", later.map(state -> (Object) state.classes()).orElse(null))
                .with("laterRefused", later.map(state -> (Object) state.refused()).orElse(null))
                .with("laterRefusal", later.flatMap(state -> state.refusals().stream().findFirst()).orElse(null))
                .with("overload", overload.map(Overload::filled).orElse(null))
                .with("overloadBound", overload.map(Overload::bound).orElse(null));
    }

    /**
     * What filled when a trace ended {@code OVERLOAD}.
     *
     * @param filled {@code events} or {@code bytes}, its queue room in the target, or {@code budget},
     *     the agent's memory for events on their way to clients
     * @param bound that bound, in events or bytes
     */
    private record Overload(String filled, long bound) {
    }

    /** Returns what filled, if the trace ended {@code OVERLOAD} and it is known. */
    private Optional<Overload> overload(Trace finished) {
        if (finished.stopReason() != StopReason.OVERLOAD) {
            return Optional.empty();
        }
        Optional<TraceEngine.QueueRoom> room = control.queueRoom(finished);
        if (room.isPresent() && room.get().filled() != null) {
            TraceEngine.QueueRoom full = room.get();
            return Optional.of(full.filled() == Limiter.Bound.EVENTS ? new Overload("events", full.maxEvents())
                    : new Overload("bytes", full.maxBytes()));
        }
        return overloaded ? Optional.of(new Overload("budget", budget.limit())) : Optional.empty();
    }
}
