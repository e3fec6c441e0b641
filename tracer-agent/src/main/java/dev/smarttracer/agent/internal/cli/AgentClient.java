package dev.smarttracer.agent.internal.cli;

import dev.smarttracer.agent.internal.protocol.Frame;
import dev.smarttracer.agent.internal.protocol.FrameReader;
import dev.smarttracer.agent.internal.protocol.FrameWriter;
import dev.smarttracer.agent.internal.protocol.MalformedFrameException;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.agent.internal.protocol.Protocol;
import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Timer;
import java.util.TimerTask;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * A connection to the SmartTracer agent in a target JVM, after the handshake: the agent's hello
 * was read and checked (protocol version, and that it is this very JVM), and this client's sent.
 *
 * <p>A socket with nobody listening is what a JVM killed while its agent ran leaves behind: it is
 * removed, and {@link #connect} answers that no agent runs. The control directory is checked
 * first, never following a link ({@link ControlDirectory}). One thread reads; sending from
 * another (Ctrl-C's) is safe.
 */
final class AgentClient implements Closeable {

    /** How long the agent may take to say hello. */
    static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    /** Start times of one process read on both sides differ by rounding only. */
    private static final Duration SAME_START = Duration.ofSeconds(2);

    /**
     * The most bytes of a trace's stream read ahead of printing: a quarter of this JVM's heap, at
     * most 256 MiB (a second of events at 2 × 100,000 a second is about 25 MiB).
     */
    static final long READ_AHEAD_BOUND = Math.max(2L * ReadAheadChannel.READ_SIZE,
            Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4));

    private final SocketChannel channel;
    private final ReadAheadChannel readAhead;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final TargetJvm target;
    private Message hello;

    private AgentClient(SocketChannel channel, TargetJvm target) {
        this.channel = channel;
        this.readAhead = new ReadAheadChannel(channel, READ_AHEAD_BOUND);
        this.reader = new FrameReader(readAhead);
        this.writer = new FrameWriter(channel);
        this.target = target;
    }

    /**
     * Connects to the agent of a target, if one runs; a socket nobody listens on is removed.
     *
     * @param target the target
     * @return the connection, or empty if no agent listens
     * @throws CliFailure if the control directory is not one the agent made (a link, another
     *     user's, another mode), or an agent answers but cannot be used: another protocol
     *     version, another JVM, or no access
     */
    static Optional<AgentClient> connect(TargetJvm target) {
        return connect(target, true);
    }

    /**
     * Connects to the agent of a target, if one runs.
     *
     * @param target the target
     * @param removeStale whether to remove a socket nobody listens on; not while an agent just
     *     loaded may be between binding its socket and listening on it
     * @return the connection, or empty if no agent listens
     * @throws CliFailure as {@link #connect(TargetJvm)} does
     */
    static Optional<AgentClient> connect(TargetJvm target, boolean removeStale) {
        ControlDirectory directory = ControlDirectory.of(target);
        Optional<Object> socketKey = directory.socketToTry();
        if (socketKey.isEmpty()) {
            return Optional.empty();
        }
        Path socket = target.socket();
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "cannot open a Unix socket: " + e.getMessage());
        }
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException nobodyListens) {
            closeQuietly(channel);
            if (removeStale) {
                directory.removeStale(socketKey.get());
            }
            return Optional.empty();
        } catch (SocketException | SecurityException denied) {
            closeQuietly(channel);
            throw new CliFailure(ExitCode.ATTACH_FAILED, "cannot connect to pid " + target.pid()
                    + "'s SmartTracer agent at " + socket + ": " + denied.getMessage()
                    + "; run smarttracer as the JVM's user");
        } catch (IOException failed) {
            closeQuietly(channel);
            throw new CliFailure(ExitCode.ATTACH_FAILED, "cannot connect to pid " + target.pid()
                    + "'s SmartTracer agent at " + socket + ": " + failed);
        }
        AgentClient client = new AgentClient(channel, target);
        try {
            client.checkPeer();
            client.handshake();
            return Optional.of(client);
        } catch (RuntimeException failure) {
            client.close();
            throw failure;
        }
    }

    /**
     * Refuses a socket served by a process of another user than the target's: anyone may have
     * made the directory first under a pid not yet in use, and must not be taken for the agent.
     */
    private void checkPeer() {
        UserPrincipal owner;
        UnixDomainPrincipal peer;
        try {
            // Owned by the process's effective user; principals of the same uid are equal.
            owner = Files.getOwner(Path.of("/proc", Long.toString(target.pid())));
            peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | UnsupportedOperationException | SecurityException unknown) {
            return;
        }
        if (!owner.equals(peer.user())) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "the control socket " + target.socket() + " is served by a"
                    + " process of user " + peer.user().getName() + ", not by pid " + target.pid() + "'s user "
                    + owner.getName() + "; it is not SmartTracer's agent in that JVM: remove "
                    + target.socket().getParent() + " and try again");
        }
    }

    private void handshake() {
        Timer timer = new Timer("smarttracer-hello-timeout", true);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                closeQuietly(channel);
            }
        }, HELLO_TIMEOUT.toMillis());
        try {
            Frame first = reader.read();
            if (first == null) {
                throw new CliFailure(ExitCode.ATTACH_FAILED, "pid " + target.pid() + "'s SmartTracer agent closed the"
                        + " connection at once (it serves at most 32 clients at a time); try again");
            }
            // Read whatever the agent's version: the hello comes in the handshake layout.
            hello = first.message();
            if (!Protocol.HELLO.equals(hello.type())) {
                throw new MalformedFrameException("expected hello, got " + hello.type());
            }
            long protocol = hello.whole("protocol");
            String version = String.valueOf(hello.stringOrNull("agent"));
            if (protocol != Protocol.VERSION) {
                throw new CliFailure(ExitCode.ATTACH_FAILED, "pid " + target.pid() + " runs SmartTracer agent "
                        + version + ", which speaks control protocol " + protocol + "; this smarttracer.jar ("
                        + Protocol.agentVersion() + ") speaks protocol " + Protocol.VERSION
                        + ": use the smarttracer.jar of version " + version + " with it, or restart the JVM to load"
                        + " this one");
            }
            checkSameJvm(hello.whole("pid"), hello.whole("startedMillis", -1));
            // Events in the binary encoding: less than half the bytes of their JSON lines, read without parsing text.
            writer.sendHandshake(Message.of(Protocol.HELLO).with("protocol", Protocol.VERSION)
                    .with("client", "smarttracer " + Protocol.agentVersion()).with("binaryEvents", true));
        } catch (MalformedFrameException malformed) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "pid " + target.pid() + "'s control socket "
                    + target.socket() + " does not speak this smarttracer's protocol (" + malformed.getMessage()
                    + "); it may be an older SmartTracer agent: use the smarttracer.jar it was loaded from,"
                    + " or restart the JVM");
        } catch (IOException failed) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "pid " + target.pid() + "'s SmartTracer agent did not say"
                    + " hello within " + HELLO_TIMEOUT.toSeconds() + " s (" + failed + "); is the JVM stopped or"
                    + " overloaded?");
        } finally {
            timer.cancel();
        }
    }

    private void checkSameJvm(long pid, long startedMillis) {
        boolean samePid = pid == target.ownPid();
        boolean sameStart = startedMillis < 0 || target.started().isEmpty() || Duration.between(
                target.started().get(), Instant.ofEpochMilli(startedMillis)).abs().compareTo(SAME_START) <= 0;
        if (!samePid || !sameStart) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "the control socket " + target.socket() + " answers for"
                    + " another JVM (pid " + pid + ", started " + Instant.ofEpochMilli(startedMillis) + "), not pid "
                    + target.pid() + " (started " + target.started().map(Instant::toString).orElse("?")
                    + "); remove it if that JVM is gone");
        }
    }

    /** Returns the agent's hello. */
    Message hello() {
        return hello;
    }

    /**
     * Sends a message.
     *
     * @param message the message
     * @throws IOException if the connection failed
     */
    void send(Message message) throws IOException {
        writer.send(message);
    }

    /**
     * From now on reads the connection on a thread of its own, ahead of {@link #readFrame}, so
     * that a fast stream waits in this JVM rather than in the target's bounded outbox while this
     * command decodes and prints ({@link ReadAheadChannel}).
     */
    void readAhead() {
        readAhead.start("smarttracer-read-ahead");
    }

    /**
     * Reads the next frame, of whatever kind.
     *
     * @return the frame, or {@code null} if the agent closed the connection
     * @throws IOException if the connection failed or the frame is malformed
     */
    Frame readFrame() throws IOException {
        return reader.read();
    }

    /**
     * Tells whether the next frame has arrived, or begun to arrive, so that reading it will not
     * wait long: a reader that prints flushes its output when not.
     *
     * @return whether a whole frame, or bytes of one, wait
     */
    boolean frameWaiting() {
        return reader.frameWaiting() || readAhead.bytesWaiting();
    }

    /**
     * Reads the next message.
     *
     * @return the message, or {@code null} if the agent closed the connection
     * @throws IOException if the connection failed, or the frame is malformed or not a control message
     */
    Message read() throws IOException {
        Frame frame = reader.read();
        return frame == null ? null : frame.message();
    }

    /**
     * Returns the failure for a frame that has no place where it came, such as an event during a
     * playback: the agent does not speak this client's protocol as it said it does.
     *
     * @param frame the frame
     * @param during what this client was doing, e.g. {@code "a playback"}
     * @return the failure, to throw
     */
    CliFailure unexpected(Frame frame, String during) {
        return new CliFailure(ExitCode.FAILED, "pid " + target.pid() + "'s SmartTracer agent sent a frame of kind "
                + frame.kind() + " during " + during + ", where none belongs; it does not speak this smarttracer's"
                + " protocol " + Protocol.VERSION + " as its hello said");
    }

    /**
     * Sends a request and reads the answer, failing on an error answer.
     *
     * @param request the request
     * @return the answer
     * @throws CliFailure if the agent answered with an error or closed the connection
     */
    Message ask(Message request) {
        try {
            send(request);
            Message answer = read();
            if (answer == null) {
                throw new CliFailure(ExitCode.FAILED, "pid " + target.pid() + " closed the connection without an"
                        + " answer; did the JVM exit?");
            }
            failOnError(answer);
            return answer;
        } catch (IOException failed) {
            throw new CliFailure(ExitCode.FAILED, "lost the connection to pid " + target.pid() + ": " + failed);
        }
    }

    /**
     * Turns an error message into a failure.
     *
     * @param message a message from the agent
     * @throws CliFailure if it is an error
     */
    void failOnError(Message message) {
        if (Protocol.ERROR.equals(message.type())) {
            String reason = String.valueOf(message.has("reason") ? message.toString() : "");
            String text;
            try {
                text = message.string("message");
                reason = message.string("reason");
            } catch (MalformedFrameException malformed) {
                text = message.toString();
            }
            throw new CliFailure(Protocol.REASON_VERSION.equals(reason) ? ExitCode.ATTACH_FAILED : ExitCode.FAILED,
                    "pid " + target.pid() + ": " + text);
        }
    }

    /** Closes the connection. */
    @Override
    public void close() {
        closeQuietly(readAhead);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
    }
}
