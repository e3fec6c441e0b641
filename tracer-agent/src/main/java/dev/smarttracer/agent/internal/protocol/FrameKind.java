package dev.smarttracer.agent.internal.protocol;

/**
 * What a frame holds, said by the byte after its version ({@link FrameWriter}): readers dispatch
 * on it, never on what the text happens to start with.
 *
 * <p>Codes 5 to 255 are free for later kinds. A reader skips a
 * frame of a kind it does not know ({@link FrameReader}), so a sender may add a kind that a peer
 * can do without; a kind that replaces what a peer needs (binary events instead of
 * {@link #EVENT}) is sent only to a peer that asked for it in its hello, or with a new
 * {@link Protocol#VERSION}. Code 0 is never assigned.
 */
public enum FrameKind {

    /** A control message: a JSON object with a {@code "type"} ({@link Message}). */
    CONTROL(1),
    /**
     * One event of a trace: its JSON Lines text as the recorder's {@code JsonLine} writes it,
     * without the line end; a {@code CALL}, {@code RETURN} or {@code EXCEPTION}.
     */
    EVENT(2),
    /**
     * One line of a playback's JSON Lines, without the line end: an event or a recording's
     * {@code TRACE_END}, as a recording file holds them.
     */
    RECORDING_LINE(3),
    /**
     * One event of a trace in {@link EventCodec}'s binary encoding, sent instead of {@link #EVENT}
     * to a client that asked for it in its hello ({@code "binaryEvents": true}).
     */
    EVENT_BINARY(4);

    private static final FrameKind[] BY_CODE = new FrameKind[256];

    static {
        for (FrameKind kind : values()) {
            BY_CODE[kind.code] = kind;
        }
    }

    private final int code;

    FrameKind(int code) {
        this.code = code;
    }

    /** Tells whether the payload is bytes of an encoding of its own, not UTF-8 text. */
    public boolean binary() {
        return this == EVENT_BINARY;
    }

    /** Returns the byte that says this kind on the wire, 1 to 255. */
    public int code() {
        return code;
    }

    /**
     * Returns the kind a byte says.
     *
     * @param code the byte, 0 to 255
     * @return the kind, or {@code null} if this version knows no kind of that code
     */
    public static FrameKind of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
