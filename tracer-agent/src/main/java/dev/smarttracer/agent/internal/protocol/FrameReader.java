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
 * bytes arrive (a frame that announces a megabyte and sends ten bytes costs ten). Reads the
 * channel 64 KiB at a time, so a stream of small frames costs one system call per many frames.
 *
 * <p>Not thread-safe: one reader per connection, on one thread.
 */
public final class FrameReader {

    private static final int CHUNK = 16 * 1024;
    private static final int BUFFER = 64 * 1024;

    private final ReadableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).flip();
    private final byte[] header = new byte[FrameWriter.HEADER];

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
        int got = fill(header, 0, header.length);
        if (got == 0) {
            return null;
        }
        if (got < header.length) {
            throw new MalformedFrameException("frame header cut short: " + got + " of " + header.length
                    + " bytes arrived", new EOFException());
        }
        int version = header[0] & 0xff;
        int length = ByteBuffer.wrap(header, 1, 4).getInt();
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
            int read = fill(payload, filled, payload.length - filled);
            filled += read;
            if (filled < payload.length) {
                throw new MalformedFrameException("frame cut short: " + filled + " of " + length + " bytes arrived");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new MalformedFrameException("frame payload is not UTF-8 text", notUtf8);
        }
    }

    /**
     * Tells whether a whole frame has arrived and waits here: if not, the next {@link #read()}
     * may block. A reader that prints what it reads flushes its output before it blocks.
     *
     * @return whether the next frame can be read without waiting for the peer
     */
    public boolean frameWaiting() {
        if (buffer.remaining() < FrameWriter.HEADER) {
            return false;
        }
        int length = buffer.getInt(buffer.position() + 1);
        return length > 0 && buffer.remaining() - FrameWriter.HEADER >= length;
    }

    /**
     * Copies up to {@code length} bytes into {@code target}, reading the channel (many frames at a
     * time) whenever the buffer is empty; returns fewer only at the end of the stream.
     */
    private int fill(byte[] target, int offset, int length) throws IOException {
        int copied = 0;
        while (copied < length) {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int read;
                try {
                    read = channel.read(buffer);
                } finally {
                    buffer.flip();
                }
                if (read < 0) {
                    return copied;
                }
                continue;
            }
            int n = Math.min(length - copied, buffer.remaining());
            buffer.get(target, offset + copied, n);
            copied += n;
        }
        return copied;
    }
}
