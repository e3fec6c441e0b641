package dev.smarttracer.recorder;

import java.util.Objects;

/**
 * A copy of what a traced method threw: its type and message, never the throwable itself.
 *
 * @param type the binary class name of the throwable, e.g. {@code java.lang.IllegalStateException}
 * @param message its message, possibly truncated, or {@code null} if it had none
 */
public record ExceptionInfo(String type, String message) {

    /** Validates the fields. */
    public ExceptionInfo {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("exception type is blank; pass the throwable's class name");
        }
    }

    /** Renders as {@code type: message}, or {@code type} alone when there is no message. */
    @Override
    public String toString() {
        return message == null ? type : type + ": " + message;
    }
}
