package dev.smarttracer.agent.internal.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel that, once {@link #start started}, reads its source on a thread of its own, ahead of
 * whoever reads it, and keeps what arrived until then, up to a bound.
 *
 * <p>Why: a trace's events come fastest while this command's JVM is slowest, in its first second,
 * when every method it runs is interpreted and its compilers take the CPU. The target keeps what
 * the command has not read in an outbox bounded by the agent's memory budget, and ends the trace
 * {@code OVERLOAD} when that fills. Copying bytes off the socket costs the same interpreted or
 * compiled (a system call per read, whatever it brings), so this thread keeps the target's outbox
 * empty while the thread that decodes and prints catches up once compiled; the backlog sits in
 * this JVM, not in the target.
 *
 * <p>What waits is kept outside the heap, in direct buffers of {@link #READ_SIZE} bytes, each
 * filled to its end before the next is begun (a read brings what the socket holds, often a few
 * kilobytes; a buffer per read would hold little for its size), and used again once read through:
 * a backlog of a hundred megabytes in the heap is copied by every young collection while it waits
 * (a 400 ms pause, measured), which stalls this thread and the reader both.
 *
 * <p>The bound holds whatever the reader does: when the buffers that {@code bound} bytes make are
 * all filled and unread, this channel stops reading its source until the reader has read one
 * through, and the target sees a client that does not read, as it would without this channel.
 * Bytes come out in the order they arrived; the end of the source, and a failure reading it, come
 * out after every byte read before them.
 *
 * <p>One thread reads this channel; {@link #close} may be called from any thread. Before
 * {@link #start}, reads go straight to the source on the caller's thread.
 */
final class ReadAheadChannel implements ReadableByteChannel {

    /** The size of each buffer, and so the most one read of the source asks for. */
    static final int READ_SIZE = 256 * 1024;

    private final ReadableByteChannel source;
    private final int maxBuffers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Condition taken = lock.newCondition();
    /**
     * Buffers holding bytes not yet read, oldest first; the last is the one being filled. The
     * reader reads a buffer up to what was written into it (published under the lock), the
     * thread reading ahead writes past that: never the same bytes at once.
     */
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    /** Buffers read through, to fill again. */
    private final ArrayDeque<Chunk> free = new ArrayDeque<>();
    private int allocated;
    private long buffered;
    private long peak;
    private boolean ended;
    private IOException failure;
    private boolean closed;
    private volatile boolean started;

    /** A direct buffer, how far it is written and how far read. */
    private static final class Chunk {
        final ByteBuffer bytes = ByteBuffer.allocateDirect(READ_SIZE);
        int written;
        int read;
    }

    /**
     * Reads ahead of a source.
     *
     * @param source the channel to read, in blocking mode
     * @param bound the most bytes of buffers to keep; at least {@link #READ_SIZE}
     */
    ReadAheadChannel(ReadableByteChannel source, long bound) {
        this.source = Objects.requireNonNull(source, "source");
        if (bound < READ_SIZE) {
            throw new IllegalArgumentException("bound " + bound + " is below one buffer of " + READ_SIZE + " bytes");
        }
        this.maxBuffers = (int) Math.min(Integer.MAX_VALUE, bound / READ_SIZE);
    }

    /**
     * Starts reading the source ahead, on a daemon thread that ends at the source's end, at a
     * failure, or when this channel closes. Calling it again does nothing.
     *
     * @param name the thread's name
     */
    void start(String name) {
        lock.lock();
        try {
            if (started || closed) {
                return;
            }
            Thread thread = new Thread(this::readAhead, name);
            thread.setDaemon(true);
            thread.start();
            started = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        if (!started) {
            return source.read(target);
        }
        lock.lock();
        try {
            while (buffered == 0 && !ended && !closed) {
                arrived.awaitUninterruptibly();
            }
            if (closed) {
                throw new ClosedChannelException();
            }
            if (buffered == 0) {
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
            int copied = 0;
            while (target.hasRemaining() && buffered > 0) {
                Chunk first = chunks.peekFirst();
                int n = Math.min(target.remaining(), first.written - first.read);
                target.put(target.position(), first.bytes, first.read, n);
                target.position(target.position() + n);
                first.read += n;
                copied += n;
                buffered -= n;
                if (first.read == READ_SIZE) {
                    chunks.removeFirst();
                    first.read = 0;
                    first.written = 0;
                    free.addLast(first);
                    taken.signal();
                }
            }
            return copied;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells whether bytes have arrived that were not read yet, so that the next read will not wait.
     *
     * @return whether bytes wait
     */
    boolean bytesWaiting() {
        lock.lock();
        try {
            return buffered > 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the most bytes that waited unread at once so far.
     *
     * @return the peak, in bytes
     */
    long peak() {
        lock.lock();
        try {
            return peak;
        } finally {
            lock.unlock();
        }
    }

    private void readAhead() {
        try {
            Chunk filling = null;
            ByteBuffer into = null;
            for (;;) {
                if (filling == null) {
                    filling = nextChunk();
                    if (filling == null) {
                        return;
                    }
                    into = filling.bytes.duplicate().clear();
                }
                int read = source.read(into);
                lock.lock();
                try {
                    if (read < 0 || closed) {
                        return;
                    }
                    filling.written += read;
                    buffered += read;
                    peak = Math.max(peak, buffered);
                    if (read > 0) {
                        arrived.signal();
                    }
                    if (filling.written == READ_SIZE) {
                        filling = null;
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException failed) {
            fail(failed);
        } catch (RuntimeException | Error failed) {
            // Out of memory, say: the reader learns the stream broke rather than waiting forever.
            fail(new IOException("reading ahead of the connection failed: " + failed, failed));
        } finally {
            lock.lock();
            try {
                ended = true;
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Returns a buffer to fill, queued after those waiting: one read through, or a new one while
     * fewer than the bound's are made; waits while none is free. Null once this channel closed.
     */
    private Chunk nextChunk() {
        lock.lock();
        try {
            while (free.isEmpty() && allocated == maxBuffers && !closed) {
                taken.awaitUninterruptibly();
            }
            if (closed) {
                return null;
            }
            Chunk next = free.pollFirst();
            if (next == null) {
                allocated++;
                lock.unlock();
                try {
                    next = new Chunk();
                } finally {
                    lock.lock();
                }
            }
            chunks.addLast(next);
            return next;
        } finally {
            lock.unlock();
        }
    }

    private void fail(IOException cause) {
        lock.lock();
        try {
            failure = cause;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isOpen() {
        lock.lock();
        try {
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the source, which ends the thread reading ahead, and this channel: a read waiting or
     * to come fails with {@link ClosedChannelException}.
     *
     * @throws IOException if closing the source fails
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            chunks.clear();
            free.clear();
            buffered = 0;
            arrived.signalAll();
            taken.signalAll();
        } finally {
            lock.unlock();
        }
        source.close();
    }
}
