package dev.smarttracer.agent.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The command line's read-ahead: every byte in order, the end and a failure after the bytes
 * before them, the bound on what waits unread, and a close that ends its thread.
 */
class ReadAheadChannelTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BUFFERS = 4;

    private ReadAheadChannel channel;
    private Thread writer;

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.close();
            Thread ahead = thread("test-read-ahead");
            if (ahead != null) {
                ahead.join(WAIT.toMillis());
                assertThat(ahead.isAlive()).as("the read-ahead thread ends when its channel closes").isFalse();
            }
        }
        if (writer != null) {
            writer.interrupt();
            writer.join(WAIT.toMillis());
        }
    }

    @Test
    void everyByteComesOutInOrder_thenTheEnd() throws Exception {
        byte[] sent = new byte[5_000_000];
        new Random(7).nextBytes(sent);
        Pipe pipe = Pipe.open();
        writer = new Thread(() -> {
            Random sizes = new Random(11);
            try (Pipe.SinkChannel sink = pipe.sink()) {
                for (int at = 0; at < sent.length; ) {
                    int n = Math.min(sent.length - at, 1 + sizes.nextInt(100_000));
                    ByteBuffer part = ByteBuffer.wrap(sent, at, n);
                    while (part.hasRemaining()) {
                        sink.write(part);
                    }
                    at += n;
                }
            } catch (IOException failed) {
                throw new IllegalStateException(failed);
            }
        }, "test-writer");
        writer.start();
        channel = new ReadAheadChannel(pipe.source(), BUFFERS * ReadAheadChannel.READ_SIZE);
        channel.start("test-read-ahead");

        byte[] received = new byte[sent.length];
        Random sizes = new Random(13);
        int at = 0;
        for (;;) {
            int room = Math.min(1 + sizes.nextInt(70_000), received.length - at);
            ByteBuffer into = ByteBuffer.wrap(received, at, Math.max(room, 0));
            int read = room == 0 ? readPastEnd() : channel.read(into);
            if (read < 0) {
                break;
            }
            at += read;
        }
        assertThat(at).isEqualTo(sent.length);
        assertThat(Arrays.equals(received, sent)).as("the bytes, in order").isTrue();
        assertThat(channel.read(ByteBuffer.allocate(10))).as("the end, again").isEqualTo(-1);
        assertThat(channel.peak()).isLessThanOrEqualTo(BUFFERS * (long) ReadAheadChannel.READ_SIZE);
    }

    private int readPastEnd() throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        int read = channel.read(one);
        assertThat(read).as("nothing after the bytes sent").isEqualTo(-1);
        return read;
    }

    @Test
    void aFailureComesAfterTheBytesBeforeIt() throws Exception {
        IOException broken = new IOException("connection reset");
        int[] reads = {0};
        ReadableByteChannel source = source(into -> {
            if (reads[0]++ < 3) {
                into.put(new byte[] {(byte) reads[0], (byte) reads[0]});
                return 2;
            }
            throw broken;
        });
        channel = new ReadAheadChannel(source, BUFFERS * ReadAheadChannel.READ_SIZE);
        channel.start("test-read-ahead");
        ByteBuffer into = ByteBuffer.allocate(100);
        while (into.position() < 6) {
            channel.read(into);
        }
        assertThat(Arrays.copyOf(into.array(), 6)).containsExactly(1, 1, 2, 2, 3, 3);
        assertThatThrownBy(() -> channel.read(into)).isSameAs(broken);
    }

    @Test
    void whatWaitsUnread_staysWithinTheBound_andReadingMakesRoom() throws Exception {
        AtomicLong reads = new AtomicLong();
        ReadableByteChannel endless = source(into -> {
            reads.incrementAndGet();
            int n = into.remaining();
            into.position(into.limit());
            return n;
        });
        channel = new ReadAheadChannel(endless, BUFFERS * ReadAheadChannel.READ_SIZE);
        channel.start("test-read-ahead");
        Thread ahead = thread("test-read-ahead");
        awaitTrue(() -> ahead.getState() == Thread.State.WAITING && reads.get() == BUFFERS,
                "the read-ahead waits with its buffers full");
        assertThat(channel.peak()).isEqualTo(BUFFERS * (long) ReadAheadChannel.READ_SIZE);

        ByteBuffer into = ByteBuffer.allocate(ReadAheadChannel.READ_SIZE - 1);
        assertThat(channel.read(into)).isEqualTo(ReadAheadChannel.READ_SIZE - 1);
        assertThat(reads.get()).as("a buffer not yet read through is not read into").isEqualTo(BUFFERS);
        assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(1);
        awaitTrue(() -> reads.get() == BUFFERS + 1 && ahead.getState() == Thread.State.WAITING,
                "the buffer read through is read into again, and only that one");
        assertThat(channel.peak()).isEqualTo(BUFFERS * (long) ReadAheadChannel.READ_SIZE);
    }

    @Test
    void smallReads_fillEachBufferToItsEnd_soTheBoundHoldsThatManyBytes() throws Exception {
        ReadableByteChannel trickle = source(into -> {
            int n = Math.min(1_000, into.remaining());
            into.position(into.position() + n);
            return n;
        });
        channel = new ReadAheadChannel(trickle, BUFFERS * ReadAheadChannel.READ_SIZE);
        channel.start("test-read-ahead");
        Thread ahead = thread("test-read-ahead");
        long bound = BUFFERS * (long) ReadAheadChannel.READ_SIZE;
        // Waiting alone is not enough: the thread may wait on a lock before it has read anything.
        awaitTrue(() -> channel.peak() >= bound && ahead.getState() == Thread.State.WAITING,
                "the read-ahead waits with every buffer filled, 1,000 bytes a read");
        assertThat(channel.peak()).as("held at most, once it waits").isEqualTo(bound);
    }

    @Test
    void closing_failsAWaitingRead_andEndsTheThread() throws Exception {
        Pipe pipe = Pipe.open();
        channel = new ReadAheadChannel(pipe.source(), BUFFERS * ReadAheadChannel.READ_SIZE);
        channel.start("test-read-ahead");
        Thread closer = new Thread(() -> {
            awaitTrue(() -> thread("test-read-ahead") != null, "the read-ahead runs");
            try {
                channel.close();
            } catch (IOException failed) {
                throw new IllegalStateException(failed);
            }
        }, "test-closer");
        closer.start();
        try {
            assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(10))).isInstanceOf(ClosedChannelException.class);
        } finally {
            closer.join(WAIT.toMillis());
            pipe.sink().close();
        }
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void beforeItStarts_readsGoStraightToTheSource() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.sink().write(ByteBuffer.wrap(new byte[] {4, 2}));
        pipe.sink().close();
        channel = new ReadAheadChannel(pipe.source(), BUFFERS * ReadAheadChannel.READ_SIZE);
        ByteBuffer into = ByteBuffer.allocate(10);
        assertThat(channel.read(into)).isEqualTo(2);
        assertThat(channel.read(into)).isEqualTo(-1);
        assertThat(thread("test-read-ahead")).isNull();
    }

    @Test
    void aBoundBelowOneBuffer_isRefused() {
        assertThatThrownBy(() -> new ReadAheadChannel(Pipe.open().source(), ReadAheadChannel.READ_SIZE - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below one buffer");
    }

    /** What a source does on each read. */
    private interface Reads {
        int read(ByteBuffer into) throws IOException;
    }

    /** A source that is always open and reads as told. */
    private static ReadableByteChannel source(Reads reads) {
        return new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer into) throws IOException {
                return reads.read(into);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElse(null);
    }

    /** Waits for a state that another thread brings about, checking it every millisecond. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
