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
 * <p>A slot is taken before queue room (and the call's snapshots made between the two, as the room is
 * counted in their bytes too), so calls past the limit never take room: when
 * {@code limit × events per call ≤ capacity} and their bytes fit, a trace cannot overload.
 *
 * <p>Queue room is counted twice in one atomic word: in events (at most {@code capacity}) and in the
 * bytes the events' snapshots keep on the heap (at most {@code capacityBytes}, as {@link
 * dev.smarttracer.internal.snapshot.Footprint} estimates them), so that a method whose arguments
 * are long strings fills its room in bytes long before it fills it in events, and a trace that
 * cannot be kept up with ends {@code OVERLOAD} before it can fill the heap. The events count in the
 * word's top {@value #EVENT_BITS} bits, the bytes in the rest; neither ever goes below zero, so the
 * two never borrow from each other.
 *
 * <p>Thread-safe and lock-free.
 */
public final class Limiter {

    private static final long CLOSED = 1L << 63;
    private static final int REASON_SHIFT = 32;
    private static final long REASON_MASK = 0xFFL << REASON_SHIFT;
    private static final long SLOT_MASK = 0xFFFF_FFFFL;
    private static final StopReason[] REASONS = StopReason.values();
    private static final int EVENT_BITS = 25;
    private static final int BYTE_BITS = Long.SIZE - EVENT_BITS;
    private static final long BYTE_MASK = (1L << BYTE_BITS) - 1;
    /** The most bytes a trace's queue may hold; far above any heap this runs in. */
    public static final long MAX_CAPACITY_BYTES = 1L << (BYTE_BITS - 1);
    /** The most events a trace's queue may hold. */
    public static final int MAX_CAPACITY = (1 << (EVENT_BITS - 1)) - 1;

    private final int limit;
    private final int costPerCall;
    private final int capacity;
    private final long capacityBytes;
    /** The room held, packed, from which the queue counts as crowded: past a quarter of either bound ({@link #crowded}). */
    private final long crowdedEvents;
    private final long crowdedBytes;
    private final long timeoutNanos;
    private final int rateMax;
    private final long rateWindowNanos;
    /** Run when the trace needs the dispatcher before its nap ends: it closed, or its room became crowded. */
    private final Runnable attention;
    private final AtomicLong control = new AtomicLong();
    /** Events and bytes in the queue room now, packed: see the class comment. */
    private final AtomicLong room = new AtomicLong();
    private final AtomicInteger overflowed = new AtomicInteger();
    /** The bound a call first found full: null until then (written on the refusal path only). */
    private volatile Bound filled;
    // Set once by start(), before any gate opens (a volatile write every calling thread reads).
    private volatile long deadline;
    private volatile RateWindow rate;

    /**
     * @param limit calls to deliver, at least 1
     * @param costPerCall events a delivered call produces: 1, or 2 with returns
     * @param capacity events that may wait for the handler at once
     * @param capacityBytes bytes their snapshots may keep on the heap at once
     * @param timeoutNanos the time limit from {@link #start}, or 0 for none
     * @param rateMax calls allowed per rate window, or 0 for no rate limit
     * @param rateWindowNanos the rate window
     * @param attention run (on whichever thread did it) when the trace closes and when its queue
     *     room becomes crowded ({@link #crowded}); it should be quick (the dispatcher's wake: an
     *     unpark, or a new thread if it had ended), and what it throws is ignored
     */
    public Limiter(int limit, int costPerCall, int capacity, long capacityBytes, long timeoutNanos, int rateMax,
            long rateWindowNanos, Runnable attention) {
        if (capacity < 1 || capacity > MAX_CAPACITY || capacityBytes < 1 || capacityBytes > MAX_CAPACITY_BYTES) {
            throw new IllegalArgumentException("queue room must be within 1.." + MAX_CAPACITY + " events and 1.."
                    + MAX_CAPACITY_BYTES + " bytes; got " + capacity + " and " + capacityBytes);
        }
        this.limit = limit;
        this.costPerCall = costPerCall;
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
        this.crowdedEvents = packed(capacity / 4 + 1, 0);
        this.crowdedBytes = capacityBytes / 4;
        // Capped so that deadline arithmetic never overflows: a century is no limit at all.
        this.timeoutNanos = Math.min(timeoutNanos, Long.MAX_VALUE / 4);
        this.rateMax = rateMax;
        this.rateWindowNanos = rateWindowNanos;
        this.attention = attention;
    }

    /** Starts the clock of the time limit and the rate window; called once, before any call. */
    public void start(long now) {
        if (rateMax > 0) {
            rate = new RateWindow(rateMax, rateWindowNanos, now);
        }
        deadline = now + timeoutNanos;
    }

    /**
     * Reserves the next call slot for a call starting at {@code now}; closes the trace if the call
     * reaches the limit or breaks the rate or the time limit. The call then takes its queue room
     * ({@link #takeRoom}) once its snapshots are made, or its events count as lost.
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
                if (next < 0) {
                    // Caught here, in this frame: what follows a slot taken must not throw.
                    try {
                        attention.run();
                    } catch (Throwable ignored) {
                        // The dispatcher's nap ends on its own.
                    }
                }
                return slot;
            }
            current = control.get();
        }
    }

    /**
     * Takes queue room for the events of a call that has its slot; if the room is full, in events
     * or in bytes, takes none and closes the trace with {@link StopReason#OVERLOAD}: the call's
     * events are then not produced, and count as lost.
     *
     * @param bytes what the call's events keep on the heap, as far as known now (its end's own
     *     value is charged at the exit, {@link #charge}, beyond what is taken here for it)
     * @return whether the room was taken
     */
    public boolean takeRoom(long bytes) {
        long taken = packed(costPerCall, bytes);
        long held = room.addAndGet(taken);
        if ((held >>> BYTE_BITS) > capacity || (held & BYTE_MASK) > capacityBytes) {
            if (filled == null) {
                filled = (held >>> BYTE_BITS) > capacity ? Bound.EVENTS : Bound.BYTES;
            }
            room.addAndGet(-taken);
            overflowed.incrementAndGet();
            close(StopReason.OVERLOAD);
            return false;
        }
        // Caught here, in this frame (even a stack overflow entering a call): the room is taken.
        try {
            if (isCrowded(held) && !isCrowded(held - taken)) {
                attention.run();
            }
        } catch (Throwable ignored) {
            // The dispatcher's nap ends on its own.
        }
        return true;
    }

    /**
     * Tells whether the queue room holds more than a quarter of either bound now: the dispatcher
     * should not nap its long nap. The call whose room makes it so runs the attention callback,
     * once a crossing, not each call while it stays so. A moment's figure; one read.
     */
    public boolean crowded() {
        return isCrowded(room.get());
    }

    private boolean isCrowded(long held) {
        return held >= crowdedEvents || (held & BYTE_MASK) > crowdedBytes;
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
                try {
                    attention.run();
                } catch (Throwable ignored) {
                    // The dispatcher's nap ends on its own.
                }
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

    /** Returns the nanoseconds left at {@code now} before the time limit (0 or less: passed); {@link Long#MAX_VALUE} if there is none. */
    public long nanosLeft(long now) {
        return timeoutNanos > 0 ? deadline - now : Long.MAX_VALUE;
    }

    public boolean hasDeadline() {
        return timeoutNanos > 0;
    }

    /** Returns how many calls were given a slot and room, so their events are expected. */
    public long reservedCalls() {
        return (control.get() & SLOT_MASK) - overflowed.get();
    }

    /** Returns the most events the queue room holds. */
    public int capacity() {
        return capacity;
    }

    /** Returns the most bytes the queue room holds. */
    public long capacityBytes() {
        return capacityBytes;
    }

    public int limit() {
        return limit;
    }

    public int costPerCall() {
        return costPerCall;
    }

    /**
     * Charges the bytes a call's end keeps beyond what its slot reserved for it: never refused,
     * as the call's room was reserved at its start; the next call finds the room that is left.
     */
    public void charge(long bytes) {
        long held = room.addAndGet(bytes);
        try {
            if (isCrowded(held) && !isCrowded(held - bytes)) {
                attention.run();
            }
        } catch (Throwable ignored) {
            // The dispatcher's nap ends on its own.
        }
    }

    /** Gives back queue room once events are handled (or will never be produced). */
    public void release(int events, long bytes) {
        room.addAndGet(-packed(events, bytes));
    }

    /** Returns the events that hold queue room now; a moment's figure. */
    public long roomEvents() {
        return room.get() >>> BYTE_BITS;
    }

    /** Returns the bytes that hold queue room now; a moment's figure. */
    public long roomBytes() {
        return room.get() & BYTE_MASK;
    }

    /** The two bounds of a trace's queue room. */
    public enum Bound {
        /** {@link #capacity()}, in events. */
        EVENTS,
        /** {@link #capacityBytes()}, in the bytes the events keep. */
        BYTES
    }

    /**
     * Returns the bound of the queue room that a call first found full, which closed the trace
     * {@link StopReason#OVERLOAD}; null if none did (the trace may still have been overloaded by
     * what its handler feeds, the agent's budget for its clients).
     */
    public Bound filled() {
        return filled;
    }

    private static long packed(int events, long bytes) {
        return ((long) events << BYTE_BITS) + bytes;
    }

    private static long code(StopReason reason) {
        return (long) (reason.ordinal() + 1) << REASON_SHIFT;
    }

    private static StopReason reasonOf(long word) {
        int code = (int) ((word & REASON_MASK) >>> REASON_SHIFT);
        return code == 0 ? null : REASONS[code - 1];
    }
}
