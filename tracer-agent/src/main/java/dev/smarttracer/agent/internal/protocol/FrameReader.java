package dev.smarttracer.agent.internal.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the frames {@link FrameWriter} writes, refusing any that break the format before they
 * cost memory: the version byte and the length are checked first, and a payload grows only as its
 * bytes arrive (a frame that announces a megabyte and sends ten bytes costs ten).
 *
 * <p>Not thread-safe: one reader per connection, on one thread.
 */
public final class FrameReader {

    private static final int CHUNK = 16 * 1024;

    private final ReadableByteChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(FrameWriter.HEADER);

    /**
     * Reads from a channel in blocking mode.
     *
     * @param channel the channel
     */
    public FrameReader(ReadableByteChannel channel) {
        this.channel = channel;
    }

    /**
     * Reads the next frame's payload.
     *
     * @return the JSON text, or {@code null} if the peer closed the connection between frames
     * @throws MalformedFrameException if the frame breaks the format or is cut short
     * @throws IOException if the channel fails
     */
    public String read() throws IOException {
        header.clear();
        if (!fill(header, true)) {
            return null;
        }
        header.flip();
        int version = header.get() & 0xff;
        int length = header.getInt();
        if (version != Protocol.FRAME_VERSION) {
            throw new MalformedFrameException("frame version " + version + " is not " + Protocol.FRAME_VERSION
                    + "; the peer speaks another SmartTracer control format");
        }
        if (length <= 0 || length > Protocol.MAX_PAYLOAD) {
            throw new MalformedFrameException("frame length " + Integer.toUnsignedString(length)
                    + " is outside 1.." + Protocol.MAX_PAYLOAD + " bytes");
        }
        byte[] payload = new byte[Math.min(length, CHUNK)];
        int filled = 0;
        while (filled < length) {
            if (filled == payload.length) {
                payload = Arrays.copyOf(payload, Math.min(length, payload.length * 2));
            }
            ByteBuffer rest = ByteBuffer.wrap(payload, filled, payload.length - filled);
            int read = channel.read(rest);
            if (read < 0) {
                throw new MalformedFrameException("frame cut short: " + filled + " of " + length + " bytes arrived");
            }
            filled += read;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new MalformedFrameException("frame payload is not UTF-8 text", notUtf8);
        }
    }

    /** Fills a buffer; returns false on end of stream before any byte if {@code endAllowed}. */
    private boolean fill(ByteBuffer buffer, boolean endAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer);
            if (read < 0) {
                if (endAllowed && buffer.position() == 0) {
                    return false;
                }
                throw new MalformedFrameException("frame header cut short: " + buffer.position() + " of "
                        + buffer.capacity() + " bytes arrived", new EOFException());
            }
        }
        return true;
    }
}
