package dev.smarttracer.agent.internal.protocol;

import java.io.IOException;

/**
 * A frame or message that breaks the control protocol: a wrong frame version, a length out of
 * range, a frame cut short, text that is not UTF-8 or not a JSON object, a missing or mistyped
 * member. The connection it arrived on is closed; others are not affected.
 */
public final class MalformedFrameException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     */
    public MalformedFrameException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong
     * @param cause what detected it
     */
    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
