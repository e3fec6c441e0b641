package dev.smarttracer.agent.internal.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

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
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        if (payload.length > Protocol.MAX_PAYLOAD) {
            throw new IllegalArgumentException("a frame of " + payload.length + " bytes is over the limit of "
                    + Protocol.MAX_PAYLOAD + " bytes");
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
        frame.put((byte) Protocol.FRAME_VERSION).putInt(payload.length).put(payload).flip();
        synchronized (this) {
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
        }
    }
}
