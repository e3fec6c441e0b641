package dev.smarttracer.internal.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Tells whether the current thread is already inside the tracer, so that what the tracer itself
 * runs (snapshots calling {@code toString()}, handlers, bytecode changes) is never traced.
 *
 * <p>It is checked on every delivered call before anything else, so it calls no JDK method that
 * could be traced: no {@code ThreadLocal} (whose first use on a thread runs a wide and
 * JDK-version-dependent part of the JDK), only {@link Thread#currentThread()} and
 * {@link System#identityHashCode(Object)} (both native) and one compare-and-set. A thread marks
 * itself inside by claiming a slot in its bucket of a fixed table, found by its identity hash;
 * it is inside while one of its bucket's slots holds it.
 *
 * <p>{@link #tryEnter()} hands back the claimed slot, and the caller leaves by clearing it with a
 * plain field store. Leaving therefore calls no method: a {@link StackOverflowError} on a traced
 * thread, which can strike at any call, can never leave a thread marked inside for good. The
 * tracer's own threads enter when they start and leave when they end. The table holds only the
 * threads inside the tracer at this moment, so it keeps no dead thread alive.
 *
 * <p>Thread-safe and lock-free.
 */
final class ReentryGuard {

    /** One slot of the table; its owner is the thread inside, or {@code null}. */
    static final class Inside {
        /** The thread holding this slot; that thread clears it to leave. */
        volatile Thread owner;
    }

    private static final VarHandle OWNER;
    private static final int WIDTH = 8;
    private static final int BUCKETS = 512;
    private static final int MAX_WAITS = 1 << 16;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(Inside.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Inside[] slots = new Inside[WIDTH * BUCKETS];

    ReentryGuard() {
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Inside();
        }
    }

    /**
     * Marks the current thread inside the tracer, unless it already is.
     *
     * @return the claimed slot, whose owner the caller sets to {@code null} to leave; or
     *     {@code null} if the thread was already inside (or, should every slot of its bucket stay
     *     held by other threads for long, could not be marked), and must not go on
     */
    Inside tryEnter() {
        Thread me = Thread.currentThread();
        int first = (System.identityHashCode(me) & (BUCKETS - 1)) * WIDTH;
        Inside[] table = slots;
        for (int i = first; i < first + WIDTH; i++) {
            if (table[i].owner == me) {
                return null;
            }
        }
        for (int waits = 0; waits < MAX_WAITS; waits++) {
            for (int i = first; i < first + WIDTH; i++) {
                Inside slot = table[i];
                if (slot.owner == null && OWNER.compareAndSet(slot, (Thread) null, me)) {
                    return slot;
                }
            }
            // Eight other threads of this bucket are inside right now; each stays microseconds.
            Thread.onSpinWait();
        }
        return null;
    }

    /** Tells whether the current thread is inside the tracer. */
    boolean isInside() {
        Thread me = Thread.currentThread();
        int first = (System.identityHashCode(me) & (BUCKETS - 1)) * WIDTH;
        for (int i = first; i < first + WIDTH; i++) {
            if (slots[i].owner == me) {
                return true;
            }
        }
        return false;
    }
}
