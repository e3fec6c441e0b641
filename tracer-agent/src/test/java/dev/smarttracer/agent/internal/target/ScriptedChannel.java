package dev.smarttracer.agent.internal.target;

import dev.smarttracer.agent.internal.protocol.Frame;
import dev.smarttracer.agent.internal.protocol.FrameReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection as a session sees it, in memory: what the client sent is read, then the end of the
 * stream; what the session writes is kept.
 */
final class ScriptedChannel implements ByteChannel {

    private final ByteBuffer input;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private boolean open = true;

    ScriptedChannel(byte[] sent) {
        this.input = ByteBuffer.wrap(sent);
    }

    @Override
    public synchronized int read(ByteBuffer destination) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (!input.hasRemaining()) {
            return -1;
        }
        int n = Math.min(destination.remaining(), input.remaining());
        ByteBuffer slice = input.slice();
        slice.limit(n);
        destination.put(slice);
        input.position(input.position() + n);
        return n;
    }

    @Override
    public synchronized int write(ByteBuffer source) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        int n = source.remaining();
        byte[] bytes = new byte[n];
        source.get(bytes);
        output.write(bytes);
        return n;
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void close() {
        open = false;
    }

    /** Returns the frames the session wrote. */
    synchronized List<Frame> frames() throws IOException {
        FrameReader reader = new FrameReader(Channels.newChannel(new java.io.ByteArrayInputStream(
                output.toByteArray())));
        List<Frame> frames = new ArrayList<>();
        for (Frame frame = reader.read(); frame != null; frame = reader.read()) {
            frames.add(frame);
        }
        return frames;
    }

    /** Returns the text of the frames the session wrote. */
    List<String> written() throws IOException {
        return frames().stream().map(Frame::text).toList();
    }

    /** Returns the bytes the session wrote. */
    synchronized byte[] bytes() {
        return output.toByteArray();
    }
}
