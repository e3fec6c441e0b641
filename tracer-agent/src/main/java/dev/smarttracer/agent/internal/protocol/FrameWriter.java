package dev.smarttracer.agent.internal.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Writes frames to a channel. A frame is one byte of frame version ({@link Protocol#FRAME_VERSION}),
 * one byte of kind ({@link FrameKind#code()}), the payload's length in bytes as a big-endian
 * 32-bit integer, then the payload: UTF-8 text of at most {@link Protocol#MAX_PAYLOAD} bytes.
 * Never Java serialization.
 *
 * <p>A hello, and the agent's answer to a hello it refused, is written in the handshake layout
 * instead ({@link #sendHandshake}): the version byte {@link Protocol#HANDSHAKE_FRAME_VERSION},
 * the length, the JSON text; no kind, the text being a control message. Every SmartTracer version
 * reads and writes that layout, so peers of different versions still read each other's hellos
 * and refuse each other in words.
 *
 * <p>Thread-safe: each call's frames are written whole under a lock, so frames from several
 * threads never interleave. A write blocks while the peer does not read; {@link #stalledNanos}
 * tells for how long, so that a watchdog can close the channel.
 */
public final class FrameWriter {

    /** Bytes before the payload: the frame version, the kind and the length. */
    public static final int HEADER = 6;
    /** Bytes before the payload in the handshake layout: the frame version and the length. */
    public static final int HANDSHAKE_HEADER = 5;

    /** The most bytes of frames handed to one write, so that a slow reader still shows progress. */
    static final int WRITE_CHUNK = 64 * 1024;

    private final WritableByteChannel channel;
    /** When the write in progress last moved, or 0 when none is in progress. */
    private volatile long writingSince;

    /**
     * Writes to a channel, which must be in blocking mode.
     *
     * @param channel the channel
     */
    public FrameWriter(WritableByteChannel channel) {
        this.channel = channel;
    }

    /**
     * Writes a control message as a {@link FrameKind#CONTROL} frame.
     *
     * @param message the message
     * @throws IOException if the channel fails or is closed
     * @throws IllegalArgumentException if the message is larger than a frame may be
     */
    public void send(Message message) throws IOException {
        send(FrameKind.CONTROL, message.toJson());
    }

    /**
     * Writes a control message in the handshake layout, which peers of every version read: each
     * side's hello, and what the agent answers a hello it refused.
     *
     * @param message the message
     * @throws IOException if the channel fails or is closed
     * @throws IllegalArgumentException if the message is larger than a frame may be
     */
    public void sendHandshake(Message message) throws IOException {
        byte[] payload = checked(message.toJson().getBytes(StandardCharsets.UTF_8));
        ByteBuffer header = ByteBuffer.allocate(HANDSHAKE_HEADER).put((byte) Protocol.HANDSHAKE_FRAME_VERSION)
                .putInt(payload.length).flip();
        writeFrames(new ByteBuffer[] {header, ByteBuffer.wrap(payload)});
    }

    /**
     * Writes one text as a frame of a kind, such as a line of JSON Lines as an
     * {@link FrameKind#RECORDING_LINE}.
     *
     * @param kind what the text is
     * @param text the text
     * @throws IOException if the channel fails or is closed
     * @throws IllegalArgumentException if the text is larger than a frame may be; nothing is written then
     */
    public void send(FrameKind kind, String text) throws IOException {
        byte[] payload = checked(text.getBytes(StandardCharsets.UTF_8));
        byte[] header = new byte[HEADER];
        putHeader(header, 0, kind, payload.length);
        writeFrames(new ByteBuffer[] {ByteBuffer.wrap(header), ByteBuffer.wrap(payload)});
    }

    /**
     * Lays out a frame's header: its version, its kind and its payload's length, for frames laid
     * out whole before they are sent ({@link #sendFramed}).
     *
     * @param into where
     * @param at at which index; {@link #HEADER} bytes from there are written
     * @param kind what the payload is
     * @param length the payload's length in bytes
     */
    public static void putHeader(byte[] into, int at, FrameKind kind, int length) {
        into[at] = (byte) Protocol.FRAME_VERSION;
        into[at + 1] = (byte) kind.code();
        into[at + 2] = (byte) (length >>> 24);
        into[at + 3] = (byte) (length >>> 16);
        into[at + 4] = (byte) (length >>> 8);
        into[at + 5] = (byte) length;
    }

    /**
     * Writes frames already laid out whole, one after another (each a frame version byte, a kind
     * byte, a length and the payload, as {@link #send(FrameKind, String)} writes one), in one
     * write or as many as the channel needs, each counting as progress ({@link #stalledNanos}): a
     * stream of small events costs one system call per block of them.
     *
     * @param frames the frames
     * @param length how many of its bytes, from the start
     * @throws IOException if the channel fails or is closed
     */
    public void sendFramed(byte[] frames, int length) throws IOException {
        if (length > 0) {
            writeFrames(new ByteBuffer[] {ByteBuffer.wrap(frames, 0, length)});
        }
    }

    private static byte[] checked(byte[] payload) {
        if (payload.length > Protocol.MAX_PAYLOAD) {
            throw new IllegalArgumentException("a frame of " + payload.length + " bytes is over the limit of "
                    + Protocol.MAX_PAYLOAD + " bytes");
        }
        return payload;
    }

    private void writeFrames(ByteBuffer[] buffers) throws IOException {
        synchronized (this) {
            int next = 0;
            while (next < buffers.length) {
                int end = next;
                long chunk = 0;
                do {
                    chunk += buffers[end].remaining();
                    end++;
                } while (end < buffers.length && chunk + buffers[end].remaining() <= WRITE_CHUNK);
                writingSince = Math.max(1, System.nanoTime());
                try {
                    while (buffers[end - 1].hasRemaining()) {
                        long written = write(buffers, next, end);
                        if (written > 0) {
                            writingSince = Math.max(1, System.nanoTime());
                        }
                    }
                } finally {
                    writingSince = 0;
                }
                next = end;
            }
        }
    }

    private long write(ByteBuffer[] buffers, int from, int to) throws IOException {
        if (channel instanceof GatheringByteChannel gathering) {
            return gathering.write(buffers, from, to - from);
        }
        long written = 0;
        for (int i = from; i < to; i++) {
            written += channel.write(buffers[i]);
        }
        return written;
    }

    /**
     * Returns how long the write in progress has gone without progress: a peer that stopped
     * reading holds it forever, so the caller may close the channel after a while.
     *
     * @param now {@link System#nanoTime()}
     * @return the nanoseconds, or 0 if no write is in progress
     */
    public long stalledNanos(long now) {
        long since = writingSince;
        return since == 0 ? 0 : Math.max(0, now - since);
    }
}
