package dev.smarttracer.agent.internal.target;

import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.agent.internal.protocol.FrameWriter;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.agent.internal.protocol.Protocol;
import dev.smarttracer.agent.internal.protocol.TraceRequest;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import dev.smarttracer.recorder.internal.JsonLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A trace started by a client of the control channel, and the handler that streams its events to
 * that client: each event becomes its JSON Lines text on the tracer's worker thread, waits in a
 * bounded outbox, and {@link #streamEvents()} (the connection's writer thread) sends what has
 * gathered as a batch of frames, one write for many events. The trace ends with an
 * {@link Protocol#END} message: why, the counts, the latencies, what was lost and the time to
 * detach.
 *
 * <p>A client that stops reading does not hold the target: once the outbox has been full for
 * {@value #STALL_MILLIS} ms the trace stops with {@link StopReason#OVERLOAD}, later events are
 * dropped at once, and the events that could not be sent are reported as lost (so is an event
 * whose text would not fit in a frame). A client that goes away stops the trace with
 * {@link StopReason#CLIENT_GONE} ({@link #clientGone()}).
 *
 * <p>Thread-safe: the engine calls the handler methods on its worker, the writer thread streams,
 * the connection's reader reports the client gone.
 */
final class RemoteTrace implements TraceHandler {

    /**
     * How much event text may wait for the client, in characters: 32 Mi, about 70,000 events.
     * Enough for a burst while the command line's JVM warms up; bounded, so a client that stops
     * reading costs the target at most this.
     */
    static final long OUTBOX_CHARS = 32L << 20;
    /** How long the tracer's worker waits for room in a full outbox before the trace is overloaded. */
    static final long STALL_MILLIS = 5_000;
    private static final int BATCH = 512;
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Duration DETACH_WAIT = Duration.ofSeconds(5);
    private static final String END_MARK = new String("end");

    private final TraceRequest request;
    private final TraceControl control;
    private final FrameWriter frames;
    private final BlockingQueue<String> outbox = new LinkedBlockingQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final Object room = new Object();
    private final AtomicLong dropped = new AtomicLong();
    private final Consumer<String> warnings = this::warning;
    private volatile Trace trace;
    private volatile boolean clientGone;
    /** Set when an event could not be queued: the trace is stopping, and later events are dropped at once. */
    private volatile boolean overloaded;
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

        /** Called once when the trace has ended, on the tracer's worker. */
        void ended(RemoteTrace remote, Trace trace);

        /** Starts handing the agent's warnings to a listener, if the agent keeps them. */
        void listen(Consumer<String> listener);

        /** Stops handing warnings to a listener. */
        void unlisten(Consumer<String> listener);
    }

    /**
     * @param request what the client asked for
     * @param control the agent
     * @param frames the client's connection
     */
    RemoteTrace(TraceRequest request, TraceControl control, FrameWriter frames) {
        this.request = request;
        this.control = control;
        this.frames = frames;
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
        if (clientGone || overloaded) {
            dropped.incrementAndGet();
            return;
        }
        try {
            String line = JsonLine.write(call);
            if (line.length() > Protocol.MAX_PAYLOAD / 3
                    && line.getBytes(StandardCharsets.UTF_8).length > Protocol.MAX_PAYLOAD) {
                dropped.incrementAndGet();
                return;
            }
            if (reserve(line.length())) {
                outbox.add(line);
                return;
            }
        } catch (RuntimeException | OutOfMemoryError cannot) {
            // Whatever happens here stays here: the event is counted as lost.
        }
        dropped.incrementAndGet();
        overloaded = true;
        Trace current = trace;
        if (current != null) {
            control.stop(current, clientGone ? StopReason.CLIENT_GONE : StopReason.OVERLOAD);
        }
    }

    /** Takes room for an event's text, waiting up to {@value #STALL_MILLIS} ms for the client to read. */
    private boolean reserve(int chars) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
        while (queuedChars.addAndGet(chars) > OUTBOX_CHARS) {
            queuedChars.addAndGet(-chars);
            if (clientGone || System.nanoTime() - deadline > 0) {
                return false;
            }
            synchronized (room) {
                try {
                    room.wait(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Takes room for a text if there is some now, without waiting. */
    private boolean reserveNow(int chars) {
        if (queuedChars.addAndGet(chars) > OUTBOX_CHARS) {
            queuedChars.addAndGet(-chars);
            return false;
        }
        return true;
    }

    /** Gives back the room of events sent. */
    private void release(List<String> sent) {
        long chars = 0;
        for (String text : sent) {
            chars += text.length();
        }
        if (queuedChars.addAndGet(-chars) + chars > OUTBOX_CHARS / 2) {
            synchronized (room) {
                room.notifyAll();
            }
        }
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
        if (!clientGone) {
            String warning = Message.of(Protocol.WARNING).with("message", line).toJson();
            if (reserveNow(warning.length())) {
                outbox.add(warning);
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
     * writer thread until the end is sent or the client is gone.
     *
     * @throws IOException if the connection fails
     */
    void streamEvents() throws IOException {
        List<String> batch = new ArrayList<>(BATCH);
        try {
            for (;;) {
                String first = outbox.poll(100, TimeUnit.MILLISECONDS);
                if (clientGone) {
                    outbox.clear();
                    queuedChars.set(0);
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
                outbox.drainTo(batch, BATCH - 1);
                int end = batch.indexOf(END_MARK);
                if (end >= 0) {
                    frames.send(batch.subList(0, end));
                    frames.send(endMessage().toJson());
                    return;
                }
                frames.send(batch);
                release(batch);
                batch.clear();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Message endMessage() throws InterruptedException {
        Trace finished = trace;
        finished.awaitCompleted(DETACH_WAIT);
        finished.awaitDetached(DETACH_WAIT);
        TraceStats stats = finished.stats();
        return Message.of(Protocol.END).with("traceId", finished.id()).with("reason", finished.stopReason().name())
                .with("calls", stats.calls()).with("returns", stats.returns()).with("exceptions", stats.exceptions())
                .with("p50Nanos", stats.p50Nanos()).with("p99Nanos", stats.p99Nanos())
                .with("maxNanos", stats.maxNanos()).with("lost", stats.lost() + dropped.get())
                .with("detachNanos", control.detachNanos(finished));
    }
}
