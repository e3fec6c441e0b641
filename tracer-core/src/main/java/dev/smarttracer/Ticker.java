package dev.smarttracer;

/**
 * A source of nanosecond time, for measuring durations, rate windows and time limits.
 *
 * <p>The default is {@link System#nanoTime()}; tests pass their own to move time by hand.
 * Implementations must be thread-safe, cheap and must not block: they are read on the traced
 * method's thread.
 */
@FunctionalInterface
public interface Ticker {

    /** Returns the current time in nanoseconds, from an arbitrary origin. */
    long read();

    /** Returns the ticker backed by {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
