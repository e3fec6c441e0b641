package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.Recorder;
import java.lang.invoke.MethodHandles;
import java.util.Objects;

/**
 * Hands the engine a {@link Recorder}'s write side, which {@code Recorder} registers from its
 * static initializer: the pattern of the JDK's {@code jdk.internal.access.SharedSecrets}.
 *
 * <p>Only the tracer's engine may use this class. Thread-safe.
 */
public final class RecorderSecrets {

    // The one registration happens while Recorder's class initialises; volatile so a reader that
    // did not itself trigger that initialisation still sees it.
    private static volatile RecorderAccess recorderAccess;

    private RecorderSecrets() {
    }

    /**
     * Registers the recorder's write side; {@code Recorder} calls it once, from its static
     * initializer.
     *
     * @param access the write side
     * @throws IllegalStateException if one is already registered
     */
    public static void setRecorderAccess(RecorderAccess access) {
        Objects.requireNonNull(access, "access");
        synchronized (RecorderSecrets.class) {
            if (recorderAccess != null) {
                throw new IllegalStateException("the recorder's write side is already registered; Recorder registers"
                        + " it once, from its static initializer");
            }
            recorderAccess = access;
        }
    }

    /**
     * Returns the recorder's write side, initialising {@code Recorder} first if it has not been.
     *
     * @return the write side
     */
    public static RecorderAccess recorderAccess() {
        RecorderAccess access = recorderAccess;
        if (access == null) {
            try {
                MethodHandles.lookup().ensureInitialized(Recorder.class);
            } catch (IllegalAccessException impossible) {
                throw new IllegalStateException("Recorder is public and in this module, so it is accessible",
                        impossible);
            }
            access = recorderAccess;
        }
        return access;
    }
}
