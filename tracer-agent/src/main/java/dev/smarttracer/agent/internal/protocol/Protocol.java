package dev.smarttracer.agent.internal.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The control protocol between the command-line tool and the agent in a target JVM: its version,
 * the limits of a frame and the message types.
 *
 * <p>A connection carries frames ({@link FrameWriter}, {@link FrameReader}), each saying what it
 * holds by its kind ({@link FrameKind}): a {@link FrameKind#CONTROL} message is a JSON object with
 * a {@code "type"}. The agent speaks first, {@value #HELLO} with its protocol version, its own
 * version and the target's pid and start time; the client answers {@value #HELLO} with its
 * protocol version, then sends one request: {@value #TRACE}, {@value #PLAYBACK}, {@value #STATUS}
 * or {@value #STOP}. A trace streams its events ({@link FrameKind#EVENT} frames, a JSON Lines
 * object each, {@code "type"} {@code CALL}, {@code RETURN} or {@code EXCEPTION}) and ends with
 * {@value #END}; the client may send {@value #CANCEL} meanwhile, and a trace whose connection
 * closes is stopped. A playback sends {@link FrameKind#RECORDING_LINE} frames, then
 * {@value #DONE}. Refusals and failures are {@value #ERROR}.
 *
 * <p>A change that an older peer would refuse or misread raises {@link #VERSION}; each side
 * refuses a peer of another version with a message naming both versions. The hellos, and what the
 * agent answers a client before it accepted its hello (the refusal of its version, say), are
 * written in the handshake layout ({@link #HANDSHAKE_FRAME_VERSION}), which never changes, so that
 * this works between any two versions: version 1 of the protocol had untyped frames of that layout
 * only.
 */
public final class Protocol {

    /** The version of the messages and frames this build speaks: 2 since frames carry a kind. */
    public static final int VERSION = 2;
    /** The first byte of every typed frame: the frame version, followed by the kind. */
    public static final int FRAME_VERSION = 2;
    /**
     * The first byte of a frame in the handshake layout, with no kind, whose text is a control
     * message: the hellos and the agent's answer to a hello it refused, which peers of every
     * version read.
     */
    public static final int HANDSHAKE_FRAME_VERSION = 1;
    /** The largest payload a frame may carry: 1 MiB. */
    public static final int MAX_PAYLOAD = 1 << 20;

    /** First message of each side: versions and, from the agent, who the target is. */
    public static final String HELLO = "hello";
    /** Request: start a trace owned by this connection. */
    public static final String TRACE = "trace";
    /** Request: send the recordings kept in the target, as JSON Lines, then {@value #DONE}. */
    public static final String PLAYBACK = "playback";
    /** Request, and its answer: what the agent runs and holds. */
    public static final String STATUS = "status";
    /** Request: stop traces and drop recordings; answered by {@value #STOPPED}. */
    public static final String STOP = "stop";
    /**
     * Request: the {@value #END} of a trace whose connection closed before its end was sent (the
     * client stopped reading, say); kept by the agent for {@code SUMMARY_KEEP_MINUTES}.
     */
    public static final String SUMMARY = "summary";
    /** How long the agent keeps the end of a trace whose client did not receive it, in minutes. */
    public static final int SUMMARY_KEEP_MINUTES = 10;
    /** Answer to {@value #STOP}: what was stopped and dropped. */
    public static final String STOPPED = "stopped";
    /** From the client during a trace: stop it now and send its {@value #END}. */
    public static final String CANCEL = "cancel";
    /** A trace was installed: its id. */
    public static final String STARTED = "started";
    /**
     * A trace ended: why, its counts, its detach time and latencies, what was lost, and {@code events},
     * every event its calls owed, so that a client that missed some can tell how many.
     */
    public static final String END = "end";
    /** Something the agent's engine warned about while a trace ran. */
    public static final String WARNING = "warning";
    /** The end of a playback. */
    public static final String DONE = "done";
    /** A refused or failed request; {@code "reason"} is one of the {@code REASON_} values. */
    public static final String ERROR = "error";

    /** The target refused the request, e.g. an unknown method; the message says what to do. */
    public static final String REASON_REFUSED = "refused";
    /** The request was fine but the target failed to carry it out. */
    public static final String REASON_FAILED = "failed";
    /** The request was malformed. */
    public static final String REASON_BAD_REQUEST = "bad-request";
    /** The peer speaks another protocol version. */
    public static final String REASON_VERSION = "version";

    private static final String AGENT_VERSION = readVersion();

    private Protocol() {
    }

    /** Returns this build's version, e.g. {@code 0.1.0}. */
    public static String agentVersion() {
        return AGENT_VERSION;
    }

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = Protocol.class.getResourceAsStream("agent.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException unreadable) {
            // the version is for messages only
        }
        return properties.getProperty("version", "unknown");
    }
}
