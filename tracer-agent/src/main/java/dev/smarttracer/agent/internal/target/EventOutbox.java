package dev.smarttracer.agent.internal.target;

import dev.smarttracer.agent.internal.protocol.FrameKind;
import dev.smarttracer.agent.internal.protocol.FrameWriter;
import dev.smarttracer.agent.internal.protocol.Protocol;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The frames a remote trace has encoded and not yet sent, whole (header and payload), one after
 * another in blocks of {@link #BLOCK} bytes: an event costs its frame's bytes and nothing per
 * event besides (no object, no queue node, no separate payload array), and the writer sends a
 * block in one write.
 *
 * <p>The budget pays for blocks, not events: a block's bytes are taken from {@link OutboxBudget}
 * when it is made, for as long as it exists. One emptied block is kept for the next events, so a
 * steady stream alternates between two blocks and allocates nothing; others are given back as
 * soon as they are sent. A frame larger than a block gets a block of its own size.
 *
 * <p>The budget is never asked while this outbox's lock is held: taking bytes may overload other
 * traces, whose outboxes have locks of their own, and any of them may overload this one.
 *
 * <p>Thread-safe: one thread adds (the trace's handler, one event at a time, and the agent's
 * warnings), one takes (the connection's writer), and any may drop what waits.
 */
final class EventOutbox {

    /** The size of a block, and so the most bytes one write of a stream sends. */
    static final int BLOCK = 64 * 1024;

    private final OutboxBudget budget;
    private final OutboxBudget.Holder holder;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition filled = lock.newCondition();
    /** Blocks no more frames go into, oldest first. */
    private final ArrayDeque<Block> full = new ArrayDeque<>();
    /** The block frames go into now, or null. */
    private Block open;
    /** An emptied block kept for the next frames, or null. */
    private Block spare;
    /** Bytes of the budget held: every block made and not yet given back, the one being sent included. */
    private volatile long held;
    /** Set once what waits was dropped for good: nothing more is kept, and sent blocks are given back. */
    private boolean closed;
    /** Set when no more frames will come: the writer sends the end once the last has gone. */
    private boolean ending;

    /** Frames one after another, and how many of them are events. */
    static final class Block {
        final byte[] bytes;
        int size;
        int events;

        Block(int capacity) {
            bytes = new byte[capacity];
        }
    }

    /**
     * @param budget pays for the blocks
     * @param holder who holds them, overloaded by others when the budget is full
     */
    EventOutbox(OutboxBudget budget, OutboxBudget.Holder holder) {
        this.budget = budget;
        this.holder = holder;
    }

    /** Returns the bytes of the budget this outbox holds now. */
    long held() {
        return held;
    }

    /**
     * Adds a frame.
     *
     * @param kind what the payload is
     * @param payload at most {@link Protocol#MAX_PAYLOAD} bytes
     * @param event whether it is an event (counted when dropped) rather than a message beside them
     * @param mayOverload whether room may be made by overloading traces above their share
     *     ({@link OutboxBudget#take}), or only taken if free ({@link OutboxBudget#tryTake})
     * @return whether it was added: false if the budget has no room for it, or the outbox is closed
     */
    boolean add(FrameKind kind, byte[] payload, boolean event, boolean mayOverload) {
        int frame = FrameWriter.HEADER + payload.length;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (open != null && open.bytes.length - open.size >= frame) {
                append(open, kind, payload, event);
                return true;
            }
            if (spare != null && spare.bytes.length >= frame) {
                seal();
                open = spare;
                spare = null;
                append(open, kind, payload, event);
                return true;
            }
        } finally {
            lock.unlock();
        }
        int capacity = Math.max(BLOCK, frame);
        if (!(mayOverload ? budget.take(holder, capacity) : budget.tryTake(capacity))) {
            return false;
        }
        Block made;
        try {
            made = new Block(capacity);
        } catch (OutOfMemoryError noRoom) {
            budget.release(capacity);
            throw noRoom;
        }
        lock.lock();
        try {
            if (closed) {
                budget.release(capacity);
                return false;
            }
            held += capacity;
            seal();
            open = made;
            append(open, kind, payload, event);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void seal() {
        if (open != null && open.size > 0) {
            full.addLast(open);
            filled.signal();
        } else if (open != null) {
            giveBack(open);
        }
        open = null;
    }

    private void append(Block block, FrameKind kind, byte[] payload, boolean event) {
        boolean wasEmpty = full.isEmpty() && block.size == 0;
        byte[] into = block.bytes;
        int at = block.size;
        FrameWriter.putHeader(into, at, kind, payload.length);
        System.arraycopy(payload, 0, into, at + FrameWriter.HEADER, payload.length);
        block.size = at + FrameWriter.HEADER + payload.length;
        if (event) {
            block.events++;
        }
        if (wasEmpty) {
            filled.signal();
        }
    }

    /**
     * Waits for frames and takes a block of them, to send; give it back with {@link #sent} once its
     * write has returned. A block still being filled is taken only after the frames that come
     * within {@code gatherNanos} of the first have joined it: one write for many events.
     *
     * @param waitNanos the longest to wait for a first frame
     * @param gatherNanos how long to let a block still being filled fill
     * @return the block, or null if nothing came within the wait
     * @throws InterruptedException if interrupted while waiting
     */
    Block take(long waitNanos, long gatherNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = waitNanos;
            while (full.isEmpty() && (open == null || open.size == 0)) {
                if (left <= 0 || closed || ending) {
                    return null;
                }
                left = filled.awaitNanos(left);
            }
            if (full.isEmpty() && gatherNanos > 0) {
                // Nothing sealed yet: let the open block gather what comes next, unless it fills first.
                filled.awaitNanos(gatherNanos);
            }
            Block next = full.pollFirst();
            if (next == null && open != null && open.size > 0) {
                next = open;
                open = null;
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives back a block taken, its write returned: kept for the next frames if none is, else its
     * bytes go back to the budget.
     *
     * @param block the block
     */
    void sent(Block block) {
        lock.lock();
        try {
            block.size = 0;
            block.events = 0;
            if (!closed && spare == null && block.bytes.length == BLOCK) {
                spare = block;
            } else {
                giveBack(block);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops the frames waiting, giving their bytes back to the budget with the kept block's; what
     * is being sent stays paid for until {@link #sent}. The outbox takes frames again afterwards.
     *
     * @return how many events were dropped
     */
    long dropWaiting() {
        lock.lock();
        try {
            return drop();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops what waits, as {@link #dropWaiting}, and refuses frames from now on; a block being
     * sent is given back when it is.
     *
     * @return how many events were dropped
     */
    long close() {
        lock.lock();
        try {
            closed = true;
            long dropped = drop();
            filled.signalAll();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    private long drop() {
        long dropped = 0;
        for (Block block; (block = full.pollFirst()) != null; ) {
            dropped += block.events;
            giveBack(block);
        }
        if (open != null) {
            dropped += open.events;
            giveBack(open);
            open = null;
        }
        if (spare != null) {
            giveBack(spare);
            spare = null;
        }
        return dropped;
    }

    /**
     * Tells the writer that no more frames will come: a {@link #take} waiting returns, and
     * {@link #ended} holds once what waits has been taken.
     */
    void end() {
        lock.lock();
        try {
            ending = true;
            filled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells whether {@link #end} was called and every frame since taken: the writer's cue to send
     * the trace's end, after its last event.
     *
     * @return whether the end is due
     */
    boolean ended() {
        lock.lock();
        try {
            return ending && full.isEmpty() && (open == null || open.size == 0);
        } finally {
            lock.unlock();
        }
    }

    private void giveBack(Block block) {
        held -= block.bytes.length;
        budget.release(block.bytes.length);
    }
}
