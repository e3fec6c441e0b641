package dev.smarttracer.agent.internal.protocol;

import java.util.Objects;

/**
 * One frame as {@link FrameReader} reads it: its kind and its UTF-8 text, or, for a kind whose
 * payload is {@link FrameKind#binary() binary}, its bytes (and empty text).
 *
 * @param kind what the frame holds
 * @param text its payload, decoded; empty for a binary kind
 * @param bytes a binary kind's payload, not to be changed; {@code null} for a text kind
 */
public record Frame(FrameKind kind, String text, byte[] bytes) {

    /** Validates the frame. */
    public Frame {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        if (kind.binary() != (bytes != null)) {
            throw new IllegalArgumentException("a frame of kind " + kind + (kind.binary() ? " carries bytes" : " carries text"));
        }
    }

    /**
     * A frame of a text kind.
     *
     * @param kind what the frame holds
     * @param text its payload, decoded
     */
    public Frame(FrameKind kind, String text) {
        this(kind, text, null);
    }

    /**
     * A frame of a binary kind.
     *
     * @param kind what the frame holds
     * @param bytes its payload
     * @return the frame
     */
    public static Frame binary(FrameKind kind, byte[] bytes) {
        return new Frame(kind, "", Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * Returns the control message this frame holds.
     *
     * @return the message
     * @throws MalformedFrameException if the frame is of another kind, or its text is not a
     *     control message
     */
    public Message message() throws MalformedFrameException {
        if (kind != FrameKind.CONTROL) {
            throw new MalformedFrameException("expected a control message, got a frame of kind " + kind + " ("
                    + kind.code() + ")");
        }
        return Message.parse(text);
    }
}
