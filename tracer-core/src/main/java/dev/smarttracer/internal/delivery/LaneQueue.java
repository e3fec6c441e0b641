package dev.smarttracer.internal.delivery;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A lane's queue: unbounded, first in first out, for one producer (the dispatcher) and one
 * consumer at a time (the lane's runner, which may be another pooled thread from one run to the
 * next, each run starting after the last has ended). Items go into chunks of slots, so adding
 * allocates only once a chunk in {@value #CHUNK}, and neither side needs an atomic
 * read-modify-write: each publishes its count with a release store, read with an acquire load.
 * The bound is the trace's queue room, as for every queue of the tracer.
 *
 * <p>A drained chunk is dropped with its slots cleared; an idle queue holds one chunk.
 */
final class LaneQueue {

    static final int CHUNK = 512;

    private static final VarHandle ADDED;
    private static final VarHandle TAKEN;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ADDED = lookup.findVarHandle(LaneQueue.class, "added", long.class);
            TAKEN = lookup.findVarHandle(LaneQueue.class, "taken", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Chunk {
        final Object[] slots = new Object[CHUNK];
        /** The queue room in bytes each item holds. */
        final long[] bytes = new long[CHUNK];
        /** Written by the producer before it publishes the first item of the next chunk. */
        Chunk next;
    }

    // Producer side: the chunk it fills, and where; its count, published with release stores.
    private Chunk tail;
    private int tailSlot;
    @SuppressWarnings("unused") // through ADDED
    private volatile long added;

    // Consumer side: the chunk it empties, and where; its count, published with release stores.
    private Chunk head;
    private int headSlot;
    private long polledBytes;
    @SuppressWarnings("unused") // through TAKEN
    private volatile long taken;

    LaneQueue() {
        Chunk first = new Chunk();
        tail = first;
        head = first;
    }

    /** Appends an item holding some bytes of queue room; producer only. */
    void add(Object item, long bytes) {
        if (tailSlot == CHUNK) {
            Chunk next = new Chunk();
            tail.next = next;
            tail = next;
            tailSlot = 0;
        }
        tail.bytes[tailSlot] = bytes;
        tail.slots[tailSlot++] = item;
        ADDED.setRelease(this, (long) ADDED.get(this) + 1);
    }

    /** Takes the oldest item, or returns {@code null} if none is there; the current consumer only. */
    Object poll() {
        long count = (long) TAKEN.get(this);
        if (count == (long) ADDED.getAcquire(this)) {
            return null;
        }
        if (headSlot == CHUNK) {
            Chunk drained = head;
            head = drained.next;
            drained.next = null;
            headSlot = 0;
        }
        Object item = head.slots[headSlot];
        polledBytes = head.bytes[headSlot];
        head.slots[headSlot++] = null;
        TAKEN.setRelease(this, count + 1);
        return item;
    }

    /** Returns the bytes of queue room the item {@link #poll()} last returned holds; its consumer only. */
    long polledBytes() {
        return polledBytes;
    }

    /** Tells whether nothing waits; any thread. */
    boolean isEmpty() {
        return (long) TAKEN.getAcquire(this) == (long) ADDED.getAcquire(this);
    }

    /** Returns how many items wait; any thread, a moment's figure. */
    int size() {
        long taken = (long) TAKEN.getAcquire(this);
        return (int) Math.max(0, (long) ADDED.getAcquire(this) - taken);
    }
}
