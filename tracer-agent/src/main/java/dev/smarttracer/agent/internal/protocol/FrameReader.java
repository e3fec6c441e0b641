package dev.smarttracer.agent.internal.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the frames {@link FrameWriter} writes, refusing any that break the format before they
 * cost memory: the version byte and the length are checked first, and a payload grows only as its
 * bytes arrive (a frame that announces a megabyte and sends ten bytes costs ten). Reads the
 * channel 64 KiB at a time, so a stream of small frames costs one system call per many frames.
 *
 * <p>Frames of both layouts are read: a typed frame ({@link Protocol#FRAME_VERSION}) comes back
 * with its kind; a frame in the handshake layout ({@link Protocol#HANDSHAKE_FRAME_VERSION}),
 * which has no kind, is a {@link FrameKind#CONTROL} frame. A frame of a kind this version does
 * not know is skipped, its length checked and its payload read past without being kept, and the
 * next frame is read instead. Any other version byte is refused.
 *
 * <p>Not thread-safe: one reader per connection, on one thread.
 */
public final class FrameReader {

    private static final int CHUNK = 16 * 1024;
    private static final int BUFFER = 64 * 1024;

    private final ReadableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).flip();
    private final byte[] header = new byte[FrameWriter.HEADER];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private long skipped;

    /**
     * Reads from a channel in blocking mode.
     *
     * @param channel the channel
     */
    public FrameReader(ReadableByteChannel channel) {
        this.channel = channel;
    }

    /**
     * Reads the next frame of a kind this version knows, skipping those of other kinds.
     *
     * @return the frame, or {@code null} if the peer closed the connection between frames
     * @throws MalformedFrameException if the frame breaks the format or is cut short
     * @throws IOException if the channel fails
     */
    public Frame read() throws IOException {
        for (;;) {
            if (fill(header, 0, 1) == 0) {
                return null;
            }
            int version = header[0] & 0xff;
            int headerLength = headerLength(version);
            if (headerLength < 0) {
                throw new MalformedFrameException("frame version " + version + " is neither " + Protocol.FRAME_VERSION
                        + " nor the handshake's " + Protocol.HANDSHAKE_FRAME_VERSION
                        + "; the peer speaks another SmartTracer control format");
            }
            int got = 1 + fill(header, 1, headerLength - 1);
            if (got < headerLength) {
                throw new MalformedFrameException("frame header cut short: " + got + " of " + headerLength
                        + " bytes arrived", new EOFException());
            }
            boolean typed = version == Protocol.FRAME_VERSION;
            int code = typed ? header[1] & 0xff : FrameKind.CONTROL.code();
            int length = ByteBuffer.wrap(header, headerLength - 4, 4).getInt();
            if (length <= 0 || length > Protocol.MAX_PAYLOAD) {
                throw new MalformedFrameException("frame length " + Integer.toUnsignedString(length)
                        + " is outside 1.." + Protocol.MAX_PAYLOAD + " bytes");
            }
            FrameKind kind = FrameKind.of(code);
            if (kind == null) {
                skip(length);
                skipped++;
                continue;
            }
            byte[] payload = payload(length);
            return kind.binary() ? Frame.binary(kind, payload) : new Frame(kind, text(payload));
        }
    }

    /**
     * Returns how many frames of kinds this version does not know were skipped so far.
     *
     * @return the count
     */
    public long skipped() {
        return skipped;
    }

    /**
     * Tells whether a whole frame has arrived and waits here: if not, the next {@link #read()}
     * may block. A reader that prints what it reads flushes its output before it blocks. Frames
     * of unknown kinds that have arrived whole are skipped here already.
     *
     * @return whether the next frame can be read (or refused) without waiting for the peer
     */
    public boolean frameWaiting() {
        for (;;) {
            if (!buffer.hasRemaining()) {
                return false;
            }
            int at = buffer.position();
            int version = buffer.get(at) & 0xff;
            int headerLength = headerLength(version);
            if (headerLength < 0) {
                return true;
            }
            if (buffer.remaining() < headerLength) {
                return false;
            }
            int length = buffer.getInt(at + headerLength - 4);
            if (length <= 0 || length > Protocol.MAX_PAYLOAD) {
                return true;
            }
            if (buffer.remaining() - headerLength < length) {
                return false;
            }
            if (version != Protocol.FRAME_VERSION || FrameKind.of(buffer.get(at + 1) & 0xff) != null) {
                return true;
            }
            buffer.position(at + headerLength + length);
            skipped++;
        }
    }

    /** Returns the bytes before a payload for a frame version, or -1 for a version not read. */
    private static int headerLength(int version) {
        return version == Protocol.FRAME_VERSION ? FrameWriter.HEADER
                : version == Protocol.HANDSHAKE_FRAME_VERSION ? FrameWriter.HANDSHAKE_HEADER : -1;
    }

    private byte[] payload(int length) throws IOException {
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
        return payload;
    }

    /**
     * Decodes a payload as UTF-8, refusing malformed bytes. Text that is ASCII throughout, as event
     * lines mostly are, is copied as it is: every byte below 0x80 is valid UTF-8 and its own character.
     */
    private String text(byte[] payload) throws MalformedFrameException {
        if (ascii(payload)) {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new MalformedFrameException("frame payload is not UTF-8 text", notUtf8);
        }
    }

    private static boolean ascii(byte[] payload) {
        for (byte b : payload) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads past a payload without keeping it. */
    private void skip(int length) throws IOException {
        int left = length;
        while (left > 0) {
            if (!buffer.hasRemaining() && !refill()) {
                throw new MalformedFrameException("frame cut short: " + (length - left) + " of " + length
                        + " bytes arrived");
            }
            int n = Math.min(left, buffer.remaining());
            buffer.position(buffer.position() + n);
            left -= n;
        }
    }

    /**
     * Copies up to {@code length} bytes into {@code target}, reading the channel (many frames at a
     * time) whenever the buffer is empty; returns fewer only at the end of the stream.
     */
    private int fill(byte[] target, int offset, int length) throws IOException {
        int copied = 0;
        while (copied < length) {
            if (!buffer.hasRemaining() && !refill()) {
                return copied;
            }
            int n = Math.min(length - copied, buffer.remaining());
            buffer.get(target, offset + copied, n);
            copied += n;
        }
        return copied;
    }

    /** Reads what the channel has into the empty buffer; returns false at the end of the stream. */
    private boolean refill() throws IOException {
        for (;;) {
            buffer.clear();
            int read;
            try {
                read = channel.read(buffer);
            } finally {
                buffer.flip();
            }
            if (read < 0) {
                return false;
            }
            if (read > 0) {
                return true;
            }
        }
    }
}
