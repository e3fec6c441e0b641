package dev.smarttracer.agent.internal.target;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one bound on the memory the agent holds for its clients: the blocks of encoded events
 * waiting to be sent ({@link EventOutbox}), over every connection together, each counted at its
 * full size from the moment it is made until it is given back, its write to the client returned
 * (or its client gone).
 *
 * <p>When the budget is full, the traces holding more than their share (the budget divided by
 * the traces streaming now) are overloaded: they end {@code OVERLOAD}, and what they hold is
 * dropped, counted and given back at once. So a client that stops reading costs the target at
 * most the budget, however many events its trace produces, and a healthy client is not starved
 * by a stopped one.
 *
 * <p>Thread-safe.
 */
final class OutboxBudget {

    /** The default budget: 16 MiB, harmless in a 128 MiB heap. */
    static final long DEFAULT_BYTES = 16L << 20;
    /** The smallest budget accepted: room for one event of the largest frame, and some more. */
    static final long MIN_BYTES = 2L << 20;

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final Set<Holder> holders = ConcurrentHashMap.newKeySet();

    /** What holds part of the budget: a remote trace's outbox. */
    interface Holder {

        /** Returns how many bytes it holds now. */
        long held();

        /** Ends its trace as overloaded and gives back what it holds and has not begun to send. */
        void overload();
    }

    /**
     * @param limit the budget in bytes, at least {@link #MIN_BYTES}
     * @throws IllegalArgumentException if the limit is below {@link #MIN_BYTES}
     */
    OutboxBudget(long limit) {
        if (limit < MIN_BYTES) {
            throw new IllegalArgumentException("the agent's budget must be at least " + describe(MIN_BYTES) + "; got "
                    + describe(limit));
        }
        this.limit = limit;
    }

    /** Returns the budget in bytes. */
    long limit() {
        return limit;
    }

    /** Returns the bytes held now, over every connection. */
    long used() {
        return used.get();
    }

    /** Returns the most bytes held at once since the agent started. */
    long peak() {
        return peak.get();
    }

    /** Starts counting a holder among those that share the budget. */
    void join(Holder holder) {
        holders.add(holder);
    }

    /** Stops counting a holder; what it still holds it gives back with {@link #release}. */
    void leave(Holder holder) {
        holders.remove(holder);
    }

    /** Returns a holder's share now: the budget divided among the holders streaming. */
    long share() {
        return limit / Math.max(1, holders.size());
    }

    /**
     * Takes bytes for a holder if the budget has them; if not, overloads the other holders above
     * their share and tries once more.
     *
     * @param holder who takes them
     * @param bytes how many
     * @return whether they were taken
     */
    boolean take(Holder holder, long bytes) {
        if (tryTake(bytes)) {
            return true;
        }
        long share = share();
        for (Holder other : holders) {
            if (other != holder && other.held() > share) {
                other.overload();
            }
        }
        return tryTake(bytes);
    }

    /** Takes bytes only if the budget has them now, overloading nobody; for the small messages besides events. */
    boolean tryTake(long bytes) {
        for (;;) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                peak.accumulateAndGet(now + bytes, Math::max);
                return true;
            }
        }
    }

    /** Gives bytes back. */
    void release(long bytes) {
        if (bytes != 0) {
            used.addAndGet(-bytes);
        }
    }

    /**
     * Reads a budget as written in the agent's options: a whole number of bytes, or with a
     * suffix {@code k}, {@code m} or {@code g} (binary: {@code 16m} is 16 MiB).
     *
     * @param text the value
     * @return the bytes
     * @throws IllegalArgumentException if the text is not such a size, or below {@link #MIN_BYTES}
     */
    static long parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        int shift = 0;
        if (value.endsWith("k") || value.endsWith("kb") || value.endsWith("kib")) {
            shift = 10;
        } else if (value.endsWith("m") || value.endsWith("mb") || value.endsWith("mib")) {
            shift = 20;
        } else if (value.endsWith("g") || value.endsWith("gb") || value.endsWith("gib")) {
            shift = 30;
        }
        String digits = shift == 0 ? value : value.replaceAll("[kmg]i?b?$", "");
        long number;
        try {
            number = Long.parseLong(digits);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("budget=" + text + " is not a size; write it as 16m, 512k or 1g");
        }
        if (number < 0 || number > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("budget=" + text + " is out of range; write it as 16m, 512k or 1g");
        }
        long bytes = number << shift;
        if (bytes < MIN_BYTES) {
            throw new IllegalArgumentException("budget=" + text + " is below the smallest budget, "
                    + describe(MIN_BYTES) + " (room for the largest event)");
        }
        return bytes;
    }

    /** Describes a size for a person: {@code 16 MiB}, {@code 512 KiB}, {@code 100 bytes}. */
    static String describe(long bytes) {
        if (bytes >= (1L << 30) && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= (1L << 20) && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= (1L << 10) && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
