package dev.smarttracer.agent.internal.protocol;

import java.util.Objects;

/**
 * One frame as {@link FrameReader} reads it: its kind and its UTF-8 text.
 *
 * @param kind what the frame holds
 * @param text its payload, decoded
 */
public record Frame(FrameKind kind, String text) {

    /** Validates the frame. */
    public Frame {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
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
