package dev.smarttracer.internal.delivery;

import dev.smarttracer.recorder.StopReason;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything that bounds one trace: its call slots, rate window, deadline and queue room, and
 * whether (and why) it is closed.
 *
 * <p>The slot count, the closed flag and the stop reason share one atomic word, so the slot that
 * reaches the limit closes the trace in the same compare-and-set (no thread can take slot N+1),
 * and closing a trace, from any thread for any reason, is one atomic step: whatever a calling
 * thread throws afterwards (even a {@link StackOverflowError}), the trace is either open or
 * closed with its reason, and the dispatcher, which polls this word, detaches it.
 *
 * <p>A slot is taken before queue room, so calls past the limit never take room: when
 * {@code limit × events per call ≤ capacity}, a trace cannot overload.
 *
 * <p>Thread-safe and lock-free.
 */
public final class Limiter {

    private static final long CLOSED = 1L << 63;
    private static final int REASON_SHIFT = 32;
    private static final long REASON_MASK = 0xFFL << REASON_SHIFT;
    private static final long SLOT_MASK = 0xFFFF_FFFFL;
    private static final StopReason[] REASONS = StopReason.values();

    private final int limit;
    private final int costPerCall;
    private final int capacity;
    private final long timeoutNanos;
    private final int rateMax;
    private final long rateWindowNanos;
    private final AtomicLong control = new AtomicLong();
    private final AtomicInteger room = new AtomicInteger();
    private final AtomicInteger overflowed = new AtomicInteger();
    // Set once by start(), before any gate opens (a volatile write every calling thread reads).
    private volatile long deadline;
    private volatile RateWindow rate;

    /**
     * @param limit calls to deliver, at least 1
     * @param costPerCall events a delivered call produces: 1, or 2 with returns
     * @param capacity events that may wait for the handler at once
     * @param timeoutNanos the time limit from {@link #start}, or 0 for none
     * @param rateMax calls allowed per rate window, or 0 for no rate limit
     * @param rateWindowNanos the rate window
     */
    public Limiter(int limit, int costPerCall, int capacity, long timeoutNanos, int rateMax, long rateWindowNanos) {
        this.limit = limit;
        this.costPerCall = costPerCall;
        this.capacity = capacity;
        // Capped so that deadline arithmetic never overflows: a century is no limit at all.
        this.timeoutNanos = Math.min(timeoutNanos, Long.MAX_VALUE / 4);
        this.rateMax = rateMax;
        this.rateWindowNanos = rateWindowNanos;
    }

    /** Starts the clock of the time limit and the rate window; called once, before any call. */
    public void start(long now) {
        if (rateMax > 0) {
            rate = new RateWindow(rateMax, rateWindowNanos, now);
        }
        deadline = now + timeoutNanos;
    }

    /**
     * Reserves the next call slot for a call starting at {@code now}, with queue room for its
     * events; closes the trace if the call reaches the limit or breaks a bound.
     *
     * @return the call id (1..limit), or 0 if the call is not delivered
     */
    public long reserve(long now) {
        long current = control.get();
        if (current < 0) {
            return 0;
        }
        if (timeoutNanos > 0 && now - deadline >= 0) {
            close(StopReason.TIMEOUT);
            return 0;
        }
        RateWindow window = rate;
        if (window != null && !window.tryAcquire(now)) {
            close(StopReason.RATE_EXCEEDED);
            return 0;
        }
        long slot;
        for (;;) {
            if (current < 0) {
                return 0;
            }
            slot = (current & SLOT_MASK) + 1;
            long next = slot >= limit ? CLOSED | code(StopReason.LIMIT_REACHED) | slot : current + 1;
            if (control.compareAndSet(current, next)) {
                break;
            }
            current = control.get();
        }
        if (room.addAndGet(costPerCall) > capacity) {
            room.addAndGet(-costPerCall);
            overflowed.incrementAndGet();
            close(StopReason.OVERLOAD);
            return 0;
        }
        return slot;
    }

    /**
     * Closes the trace for a reason: the first reason wins, except that a limit reached is
     * replaced by a failure that kept some of its calls from being handled (an overload or a
     * failed handler), since then the limit was not really reached.
     *
     * @return whether this call closed the trace or replaced its reason
     */
    public boolean close(StopReason reason) {
        for (;;) {
            long current = control.get();
            if (current < 0 && !(reasonOf(current) == StopReason.LIMIT_REACHED && overrides(reason))) {
                return false;
            }
            long next = CLOSED | code(reason) | (current & SLOT_MASK);
            if (control.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    private static boolean overrides(StopReason reason) {
        return reason == StopReason.OVERLOAD || reason == StopReason.HANDLER_FAILED || reason == StopReason.FAILED;
    }

    /** Tells whether the trace still delivers new calls. */
    public boolean isOpen() {
        return control.get() >= 0;
    }

    /** Returns why the trace closed, or {@code null} while it is open. */
    public StopReason reason() {
        long current = control.get();
        return current < 0 ? reasonOf(current) : null;
    }

    /** Tells whether the time limit has passed at {@code now}; false if there is none. */
    public boolean pastDeadline(long now) {
        return timeoutNanos > 0 && now - deadline >= 0;
    }

    public boolean hasDeadline() {
        return timeoutNanos > 0;
    }

    /** Returns how many calls were given a slot and room, so their events are expected. */
    public long reservedCalls() {
        return (control.get() & SLOT_MASK) - overflowed.get();
    }

    public int limit() {
        return limit;
    }

    public int costPerCall() {
        return costPerCall;
    }

    /** Gives back queue room once events are handled (or will never be produced). */
    public void releaseRoom(int events) {
        room.addAndGet(-events);
    }

    private static long code(StopReason reason) {
        return (long) (reason.ordinal() + 1) << REASON_SHIFT;
    }

    private static StopReason reasonOf(long word) {
        int code = (int) ((word & REASON_MASK) >>> REASON_SHIFT);
        return code == 0 ? null : REASONS[code - 1];
    }
}
