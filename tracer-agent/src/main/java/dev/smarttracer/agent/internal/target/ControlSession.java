package dev.smarttracer.agent.internal.target;

import dev.smarttracer.Trace;
import dev.smarttracer.TracerException;
import dev.smarttracer.agent.internal.protocol.EventCodec;
import dev.smarttracer.agent.internal.protocol.Frame;
import dev.smarttracer.agent.internal.protocol.FrameKind;
import dev.smarttracer.agent.internal.protocol.FrameLineWriter;
import dev.smarttracer.agent.internal.protocol.FrameReader;
import dev.smarttracer.agent.internal.protocol.FrameWriter;
import dev.smarttracer.agent.internal.protocol.MalformedFrameException;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.agent.internal.protocol.Protocol;
import dev.smarttracer.agent.internal.protocol.TraceRequest;
import dev.smarttracer.internal.reentry.TracerThreads;
import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client's connection to the agent: the agent says {@link Protocol#HELLO} first (protocol
 * version, agent version, pid and start time, so that the client can tell a reused pid), the
 * client answers with its hello and sends one request, which this session carries out to the end.
 * A trace holds the connection for its whole life and is stopped when the connection closes.
 * Until the client's hello is accepted, the agent writes in the handshake layout
 * ({@link FrameWriter#sendHandshake}), which a client of any version reads; then in typed frames.
 *
 * <p>Whatever arrives, only this connection is affected: a malformed frame or request is answered
 * with an {@link Protocol#ERROR} when the connection still allows it, then the connection is
 * closed. A client must say hello within {@link #HELLO_TIMEOUT} and send its request within
 * {@link #REQUEST_TIMEOUT}, or the {@link ControlServer} closes the connection.
 *
 * <p>Runs on its own thread ({@link #run()}); {@link #expireIfDue} and {@link #close()} may be
 * called from any thread.
 */
final class ControlSession implements Runnable {

    /** How long a client may take to answer the agent's hello. */
    static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    /** How long a client may take, after its hello, to send its request. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** How long a write to a client may go without progress before the connection is closed. */
    static final Duration WRITE_STALL = Duration.ofSeconds(5);
    private static final long WRITER_JOIN_MILLIS = 2_000;

    private final ByteChannel channel;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final AttachAgent agent;
    private final String name;
    private final Consumer<ControlSession> onClose;
    private volatile long deadline;
    private volatile Thread events;
    private volatile boolean requested;
    /** Whether the client asked in its hello for events in the binary encoding ({@link EventCodec}). */
    private boolean binaryEvents;
    /** Set once the client's hello was accepted: from then on the agent writes typed frames. */
    private boolean agreed;

    /**
     * @param channel the connection, in blocking mode
     * @param agent serves the requests
     * @param name the name of the session's thread; the writer of a trace adds {@code -events}
     * @param onClose called once with this session when it ends, before the connection closes
     */
    ControlSession(ByteChannel channel, AttachAgent agent, String name, Consumer<ControlSession> onClose) {
        this.channel = channel;
        this.reader = new FrameReader(channel);
        this.writer = new FrameWriter(channel);
        this.agent = agent;
        this.name = name;
        this.onClose = onClose;
        this.deadline = System.nanoTime() + HELLO_TIMEOUT.toNanos();
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (MalformedFrameException malformed) {
            error(Protocol.REASON_BAD_REQUEST, malformed.getMessage());
        } catch (IOException gone) {
            // the client closed the connection, or it was closed for taking too long
        } catch (RuntimeException | LinkageError failure) {
            error(Protocol.REASON_FAILED, "the agent failed to carry out the request: " + failure);
        } catch (Error fatal) {
            // Out of memory or stack: nothing is printed in the application's streams; the
            // connection closes and the client says so.
        } finally {
            onClose.accept(this);
            close();
        }
    }

    /**
     * Closes the connection if the client has not said hello or sent its request in time, or has
     * not read what was written to it for {@link #WRITE_STALL}: the thread blocked in that write
     * is released, and a trace of the connection ends {@code CLIENT_GONE}.
     *
     * @param now {@link System#nanoTime()}
     */
    void expireIfDue(long now) {
        if (!requested && now - deadline > 0 || writer.stalledNanos(now) > WRITE_STALL.toNanos()) {
            close();
        }
    }

    /** Tells whether the session streams a trace's events on a thread of its own. */
    boolean streaming() {
        Thread writer = events;
        return writer != null && writer.isAlive();
    }

    /** Returns the name of the session's thread. */
    String name() {
        return name;
    }

    /** Closes the connection; the session's thread then ends. */
    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
    }

    private void serve() throws IOException {
        writer.sendHandshake(agent.hello());
        Message hello = read();
        if (hello == null) {
            return;
        }
        if (!Protocol.HELLO.equals(hello.type())) {
            throw new MalformedFrameException("the client must answer the agent's hello with its own first; got \""
                    + hello.type() + "\"");
        }
        long protocol = hello.whole("protocol");
        if (protocol != Protocol.VERSION) {
            writer.sendHandshake(Message.of(Protocol.ERROR).with("reason", Protocol.REASON_VERSION).with("message",
                    "this SmartTracer agent (" + Protocol.agentVersion() + ") speaks control protocol "
                            + Protocol.VERSION + ", the client protocol " + protocol + "; use the smarttracer.jar of"
                            + " version " + Protocol.agentVersion() + " with this JVM"));
            return;
        }
        agreed = true;
        binaryEvents = hello.flag("binaryEvents", false);
        deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
        Message request = read();
        if (request == null) {
            return;
        }
        requested = true;
        switch (request.type()) {
            case Protocol.TRACE -> trace(request);
            case Protocol.PLAYBACK -> playback(request);
            case Protocol.STATUS -> writer.send(agent.status());
            case Protocol.SUMMARY -> writer.send(agent.summary(request.whole("traceId")));
            case Protocol.STOP -> writer.send(agent.stop(request.whole("traceId", 0), request.flag("all", false),
                    request.flag("recordings", false)));
            default -> throw new MalformedFrameException("unknown request \"" + request.type() + "\"; this agent"
                    + " serves " + Protocol.TRACE + ", " + Protocol.PLAYBACK + ", " + Protocol.STATUS + ", " + Protocol.SUMMARY
                    + " and " + Protocol.STOP);
        }
    }

    private void trace(Message message) throws IOException {
        TraceRequest request;
        try {
            request = TraceRequest.from(message);
        } catch (IllegalArgumentException invalid) {
            throw new MalformedFrameException("trace request: " + invalid.getMessage(), invalid);
        }
        if (request.background()) {
            Trace trace;
            try {
                trace = agent.startInBackground(request);
            } catch (IllegalArgumentException | TracerException refused) {
                error(Protocol.REASON_REFUSED, CommandLineWords.of(refused.getMessage()));
                return;
            }
            // The trace is the agent's now: this connection ending does not stop it.
            writer.send(Message.of(Protocol.STARTED).with("traceId", trace.id()).with("background", true)
                    .with("waiting", agent.laterClasses(trace).map(later -> later.waiting()).orElse(false)));
            return;
        }
        RemoteTrace remote = new RemoteTrace(request, agent, writer, agent.budget(), binaryEvents);
        Trace trace;
        try {
            trace = agent.start(remote);
        } catch (IllegalArgumentException | TracerException refused) {
            remote.closeOutbox();
            error(Protocol.REASON_REFUSED, CommandLineWords.of(refused.getMessage()));
            return;
        } catch (RuntimeException | Error failed) {
            remote.closeOutbox();
            throw failed;
        }
        remote.started(trace);
        Thread events;
        try {
            writer.send(Message.of(Protocol.STARTED).with("traceId", trace.id()).with("waiting",
                    agent.laterClasses(trace).map(later -> later.waiting()).orElse(false)));
            events = TracerThreads.named(name + "-events", () -> {
                try {
                    remote.streamEvents();
                } catch (Throwable gone) {
                    // The connection failed, or an Error struck the writer: either way the trace
                    // stops, and what it held of the budget was given back as streaming ended.
                    remote.clientGone(false);
                } finally {
                    close();
                }
            });
            events.start();
            this.events = events;
        } catch (IOException | RuntimeException | Error gone) {
            // The client left while the trace was being installed (the trace is its own still), or
            // no writer could be started: the trace stops and gives back what it held.
            remote.clientGone(false);
            remote.closeOutbox();
            throw gone;
        }
        try {
            for (Message next = read(); next != null; next = read()) {
                if (Protocol.CANCEL.equals(next.type())) {
                    remote.clientGone(true);
                }
            }
        } catch (IOException closed) {
            // the client went away, or the writer closed the connection after the end
        } finally {
            remote.clientGone(false);
            close();
            try {
                events.join(WRITER_JOIN_MILLIS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void playback(Message request) throws IOException {
        long traceId = request.whole("traceId", 0);
        try (FrameLineWriter lines = new FrameLineWriter(writer, FrameKind.RECORDING_LINE)) {
            agent.writeRecordings(traceId, lines);
        }
        writer.send(Message.of(Protocol.DONE));
    }

    /** Reads the client's next message; a client sends nothing but control messages. */
    private Message read() throws IOException {
        Frame frame = reader.read();
        return frame == null ? null : frame.message();
    }

    private void error(String reason, String message) {
        try {
            Message error = Message.of(Protocol.ERROR).with("reason", reason).with("message", message);
            if (agreed) {
                writer.send(error);
            } else {
                writer.sendHandshake(error);
            }
        } catch (IOException | RuntimeException gone) {
            // the connection is closed next anyway
        }
    }

    /** For a thread dump's reader: the deadline as milliseconds from now. */
    @Override
    public String toString() {
        long left = deadline - System.nanoTime();
        return name + (requested ? "" : " (closes in " + TimeUnit.NANOSECONDS.toMillis(left) + " ms)");
    }
}
