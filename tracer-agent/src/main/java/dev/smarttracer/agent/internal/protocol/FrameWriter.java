package dev.smarttracer.agent.internal.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes frames to a channel: one byte of frame version ({@link Protocol#FRAME_VERSION}), the
 * payload's length in bytes as a big-endian 32-bit integer, then the payload, UTF-8 JSON text of
 * at most {@link Protocol#MAX_PAYLOAD} bytes. Never Java serialization.
 *
 * <p>Thread-safe: each call's frames are written whole under a lock, so frames from several
 * threads never interleave. A write blocks while the peer does not read; {@link #stalledNanos}
 * tells for how long, so that a watchdog can close the channel.
 */
public final class FrameWriter {

    /** Bytes before the payload: the frame version and the length. */
    public static final int HEADER = 5;

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
     * Writes a message.
     *
     * @param message the message
     * @throws IOException if the channel fails or is closed
     * @throws IllegalArgumentException if the message is larger than a frame may be
     */
    public void send(Message message) throws IOException {
        send(message.toJson());
    }

    /**
     * Writes one JSON text, such as a line of JSON Lines, as a frame.
     *
     * @param json the text, a JSON object
     * @throws IOException if the channel fails or is closed
     * @throws IllegalArgumentException if the text is larger than a frame may be
     */
    public void send(String json) throws IOException {
        send(List.of(json));
    }

    /**
     * Writes several JSON texts, one frame each, with as few writes to the channel as their size
     * allows: a stream of small events costs one system call per batch, not per event.
     *
     * @param texts the texts, each a JSON object
     * @throws IOException if the channel fails or is closed
     * @throws IllegalArgumentException if a text is larger than a frame may be; nothing is written then
     */
    public void send(List<String> texts) throws IOException {
        List<byte[]> payloads = new ArrayList<>(texts.size());
        for (String json : texts) {
            payloads.add(json.getBytes(StandardCharsets.UTF_8));
        }
        sendPayloads(payloads);
    }

    /**
     * Writes payloads already encoded as UTF-8, one frame each, without copying them: the
     * headers and payloads go out in gathering writes of at most {@value #WRITE_CHUNK} bytes or
     * one payload, each of which counts as progress ({@link #stalledNanos}).
     *
     * @param payloads the payloads, each the UTF-8 text of a JSON object
     * @throws IOException if the channel fails or is closed
     * @throws IllegalArgumentException if a payload is larger than a frame may be; nothing is written then
     */
    public void sendPayloads(List<byte[]> payloads) throws IOException {
        ByteBuffer[] buffers = new ByteBuffer[payloads.size() * 2];
        byte[] headers = new byte[payloads.size() * HEADER];
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = payloads.get(i);
            if (payload.length > Protocol.MAX_PAYLOAD) {
                throw new IllegalArgumentException("a frame of " + payload.length + " bytes is over the limit of "
                        + Protocol.MAX_PAYLOAD + " bytes");
            }
            ByteBuffer header = ByteBuffer.wrap(headers, i * HEADER, HEADER);
            header.put((byte) Protocol.FRAME_VERSION).putInt(payload.length).position(i * HEADER);
            buffers[2 * i] = header;
            buffers[2 * i + 1] = ByteBuffer.wrap(payload);
        }
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
