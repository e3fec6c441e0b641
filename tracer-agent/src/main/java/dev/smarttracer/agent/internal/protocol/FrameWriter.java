package dev.smarttracer.agent.internal.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes frames to a channel: one byte of frame version ({@link Protocol#FRAME_VERSION}), the
 * payload's length in bytes as a big-endian 32-bit integer, then the payload, UTF-8 JSON text of
 * at most {@link Protocol#MAX_PAYLOAD} bytes. Never Java serialization.
 *
 * <p>Thread-safe: each frame is written whole under a lock, so frames from several threads never
 * interleave.
 */
public final class FrameWriter {

    /** Bytes before the payload: the frame version and the length. */
    public static final int HEADER = 5;

    private final WritableByteChannel channel;

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
        int total = 0;
        for (String json : texts) {
            byte[] payload = json.getBytes(StandardCharsets.UTF_8);
            if (payload.length > Protocol.MAX_PAYLOAD) {
                throw new IllegalArgumentException("a frame of " + payload.length + " bytes is over the limit of "
                        + Protocol.MAX_PAYLOAD + " bytes");
            }
            payloads.add(payload);
            total += HEADER + payload.length;
        }
        ByteBuffer frames = ByteBuffer.allocate(total);
        for (byte[] payload : payloads) {
            frames.put((byte) Protocol.FRAME_VERSION).putInt(payload.length).put(payload);
        }
        frames.flip();
        synchronized (this) {
            while (frames.hasRemaining()) {
                channel.write(frames);
            }
        }
    }
}
