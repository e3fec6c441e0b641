package dev.smarttracer.agent.internal.protocol;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that sends each line written to it as one frame, without its line terminator: JSON
 * Lines written through it arrive as one frame per line. A line without a terminator is sent by
 * {@link #flush()} or {@link #close()}. Not thread-safe.
 */
public final class FrameLineWriter extends Writer {

    private final FrameWriter frames;
    private final StringBuilder line = new StringBuilder(256);

    /**
     * Sends lines to a frame writer.
     *
     * @param frames where each line goes
     */
    public FrameLineWriter(FrameWriter frames) {
        this.frames = frames;
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
        frames.send(text);
    }
}
