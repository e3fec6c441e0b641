package dev.smarttracer.agent.internal.protocol;

import java.io.IOException;
import java.io.Writer;
import java.util.Objects;

/**
 * A writer that sends each line written to it as one frame of a kind, without its line
 * terminator: JSON Lines written through it arrive as one frame per line. A line without a
 * terminator is sent by {@link #flush()} or {@link #close()}. Not thread-safe.
 */
public final class FrameLineWriter extends Writer {

    private final FrameWriter frames;
    private final FrameKind kind;
    private final StringBuilder line = new StringBuilder(256);

    /**
     * Sends lines to a frame writer.
     *
     * @param frames where each line goes
     * @param kind what each line is, e.g. {@link FrameKind#RECORDING_LINE}
     */
    public FrameLineWriter(FrameWriter frames, FrameKind kind) {
        this.frames = frames;
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            char c = buffer[i];
            if (c == '\n') {
                sendLine();
            } else {
                line.append(c);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        if (line.length() > 0) {
            sendLine();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    private void sendLine() throws IOException {
        String text = line.toString();
        line.setLength(0);
        frames.send(kind, text);
    }
}
