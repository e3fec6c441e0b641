package dev.smarttracer;

/**
 * A failure outside the caller's control: obtaining the JVM's instrumentation, or changing a
 * class's bytecode. Always carries the underlying cause when there is one.
 */
public class TracerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and what to do about it
     * @param cause the underlying failure, or {@code null}
     */
    public TracerException(String message, Throwable cause) {
        super(message, cause);
    }
}
