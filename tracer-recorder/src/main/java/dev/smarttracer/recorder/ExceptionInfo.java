package dev.smarttracer.recorder;

import java.util.Objects;

/**
 * A copy of what a traced method threw: its type and message, never the throwable itself.
 * Immutable and thread-safe.
 *
 * @param type the binary class name of the throwable, e.g. {@code java.lang.IllegalStateException}
 * @param message its message, or its first characters when {@code messageTruncated}; {@code null}
 *     if it had none
 * @param messageTruncated whether the message was cut short at the snapshot's length limit
 */
public record ExceptionInfo(String type, String message, boolean messageTruncated) {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the type is blank, or a missing message is said to be cut
     */
    public ExceptionInfo {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("exception type is blank; pass the throwable's class name");
        }
        if (messageTruncated && message == null) {
            throw new IllegalArgumentException("a null message cannot be truncated; pass messageTruncated = false");
        }
    }

    /**
     * Creates the copy of a throwable whose message was kept whole.
     *
     * @param type the binary class name of the throwable
     * @param message its message, or {@code null} if it had none
     */
    public ExceptionInfo(String type, String message) {
        this(type, message, false);
    }

    /**
     * Renders as {@code type: message}, or {@code type} alone when there is no message; a cut
     * message ends in {@code ...}.
     */
    @Override
    public String toString() {
        return message == null ? type : type + ": " + message + (messageTruncated ? "..." : "");
    }
}
