package dev.smarttracer.internal.reentry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Tells whether the current thread is already inside the tracer, so that what the tracer itself
 * runs (snapshots calling {@code toString()}, handlers, bytecode changes) is never traced.
 *
 * <p>It is checked on every delivered call before anything else, so it calls no JDK method that
 * could be traced: no {@code ThreadLocal} (whose first use on a thread runs a wide and
 * JDK-version-dependent part of the JDK), only {@link Thread#currentThread()} and
 * {@link System#identityHashCode(Object)} (both native). A thread owns a slot of a fixed table,
 * in the bucket its identity hash picks, claimed by compare-and-set the first time it is traced
 * and kept while it lives (a slot whose thread has ended is claimed again); a thread that finds
 * its bucket full uses a shared overflow area, scanned in full. Entering and leaving set a plain
 * flag of the thread's own slot, read by that thread alone.
 *
 * <p>{@link #tryEnter()} hands back the thread's slot, and the caller leaves by clearing its flag
 * with a plain field store. Leaving therefore calls no method: a {@link StackOverflowError} on a
 * traced thread, which can strike at any call, can never leave a thread marked inside for good.
 * The tracer's own threads enter when they start and {@link #release} their slot when they end.
 * A slot keeps its ended thread's {@code Thread} object until another thread claims it: at most
 * one per slot.
 *
 * <p>Thread-safe and lock-free.
 */
public final class ReentryGuard {

    /** One slot of the table: its owning thread, and whether that thread is inside the tracer now. */
    public static final class Inside {
        /** The thread owning this slot, or {@code null}. */
        volatile Thread owner;
        /** Whether the owner is inside the tracer; written and read by the owner only. */
        public boolean entered;
    }

    private static final VarHandle OWNER;
    private static final int WIDTH = 8;
    private static final int BUCKETS = 1024;
    private static final int OVERFLOW = 1024;
    private static final int MAX_WAITS = 1 << 16;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(Inside.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Inside[] slots = new Inside[WIDTH * BUCKETS + OVERFLOW];

    /** The guard of this class loader's engine, shared by its traced-thread path and every thread of the tracer. */
    private static final class Shared {
        static final ReentryGuard GUARD = new ReentryGuard();
    }

    public ReentryGuard() {
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Inside();
        }
    }

    /**
     * Marks the current thread inside the tracer, unless it already is.
     *
     * @return the thread's slot, whose {@code entered} flag the caller clears to leave; or
     *     {@code null} if the thread was already inside (or, should no slot be free for long,
     *     could not be marked), and must not go on
     */
    public Inside tryEnter() {
        Thread me = Thread.currentThread();
        Inside slot = find(me);
        if (slot == null) {
            slot = claim(me);
            if (slot == null) {
                return null;
            }
        } else if (slot.entered) {
            return null;
        }
        slot.entered = true;
        return slot;
    }

    /**
     * Returns the guard of this class loader's engine: the one its probe path checks, and the one
     * every thread of the tracer and its agent is marked in ({@link TracerThreads}).
     */
    public static ReentryGuard shared() {
        return Shared.GUARD;
    }

    /** Gives a slot back for good; for the tracer's own threads as they end. */
    public void release(Inside slot) {
        slot.entered = false;
        slot.owner = null;
    }

    /** Tells whether the current thread is inside the tracer. */
    public boolean isInside() {
        Inside slot = find(Thread.currentThread());
        return slot != null && slot.entered;
    }

    private Inside find(Thread me) {
        Inside[] table = slots;
        int first = (System.identityHashCode(me) & (BUCKETS - 1)) * WIDTH;
        for (int i = first; i < first + WIDTH; i++) {
            if (table[i].owner == me) {
                return table[i];
            }
        }
        for (int i = WIDTH * BUCKETS; i < table.length; i++) {
            if (table[i].owner == me) {
                return table[i];
            }
        }
        return null;
    }

    private Inside claim(Thread me) {
        Inside[] table = slots;
        int first = (System.identityHashCode(me) & (BUCKETS - 1)) * WIDTH;
        for (int waits = 0; waits < MAX_WAITS; waits++) {
            Inside slot = claimIn(table, first, first + WIDTH, me);
            if (slot == null) {
                slot = claimIn(table, WIDTH * BUCKETS, table.length, me);
            }
            if (slot != null) {
                slot.entered = false;
                return slot;
            }
            // Every slot is held by a live thread: wait for one to end.
            Thread.onSpinWait();
        }
        return null;
    }

    private static Inside claimIn(Inside[] table, int from, int to, Thread me) {
        for (int i = from; i < to; i++) {
            Inside slot = table[i];
            Thread owner = slot.owner;
            if ((owner == null || !owner.isAlive()) && OWNER.compareAndSet(slot, owner, me)) {
                return slot;
            }
        }
        return null;
    }
}
