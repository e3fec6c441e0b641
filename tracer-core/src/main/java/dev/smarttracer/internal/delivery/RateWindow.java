package dev.smarttracer.internal.delivery;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts calls per fixed time window, exactly, without locks: the window index and the count in
 * that window share one atomic long, so a window roll and a count never race.
 *
 * <p>Thread-safe.
 */
public final class RateWindow {

    private static final int COUNT_BITS = 24;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    private final int max;
    private final long windowNanos;
    private final long origin;
    private final AtomicLong state = new AtomicLong();

    /**
     * @param max calls allowed per window, below 2^24
     * @param windowNanos the window length
     * @param origin the tick at which the first window starts
     */
    public RateWindow(int max, long windowNanos, long origin) {
        this.max = max;
        this.windowNanos = windowNanos;
        this.origin = origin;
    }

    /** Counts one call starting at {@code now}; returns {@code false} if it exceeds the rate. */
    public boolean tryAcquire(long now) {
        long window = Math.max(0, now - origin) / windowNanos;
        for (;;) {
            long current = state.get();
            long currentWindow = current >>> COUNT_BITS;
            long count = currentWindow == window ? current & COUNT_MASK : 0;
            if (currentWindow > window) {
                // A thread that read the clock earlier lost the race to a later window: count it there.
                count = current & COUNT_MASK;
                window = currentWindow;
            }
            if (count >= max) {
                return false;
            }
            if (state.compareAndSet(current, (window << COUNT_BITS) | (count + 1))) {
                return true;
            }
        }
    }
}
