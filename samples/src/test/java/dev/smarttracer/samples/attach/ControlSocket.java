package dev.smarttracer.samples.attach;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's control socket as a test speaks to it, frame by frame, without the command-line
 * tool: for checks that must be quick (how fast a trace is stopped) and for feeding it garbage.
 * A frame is one version byte (2), one kind byte (1 for a control message), a big-endian length
 * and UTF-8 JSON; the hellos are in the handshake layout, which every version reads: one version
 * byte (1), the length, the JSON.
 */
final class ControlSocket implements AutoCloseable {

    private final SocketChannel channel;

    private ControlSocket(SocketChannel channel) {
        this.channel = channel;
    }

    /** Returns where the agent of a JVM in this namespace listens. */
    static Path path(long pid) {
        return Path.of("/tmp/.smarttracer-" + pid, "control");
    }

    /** Connects without saying anything. */
    static ControlSocket connect(long pid) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(path(pid)));
        return new ControlSocket(channel);
    }

    /** Connects and exchanges hellos. */
    static ControlSocket open(long pid) throws IOException {
        ControlSocket socket = connect(pid);
        String hello = socket.read();
        if (hello == null || !hello.contains("\"type\":\"hello\"")) {
            socket.close();
            throw new IOException("the agent did not say hello: " + hello);
        }
        socket.sendHello("{\"type\":\"hello\",\"protocol\":2}");
        return socket;
    }

    /** Asks the agent of a JVM for its status and returns the answer's JSON text. */
    static String status(long pid) throws IOException {
        try (ControlSocket socket = open(pid)) {
            socket.send("{\"type\":\"status\"}");
            return socket.read();
        }
    }

    /** Returns a whole-number member of a status. */
    static long number(String json, String member) {
        Matcher matcher = Pattern.compile("\"" + member + "\":(-?\\d+)").matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no " + member + " in " + json);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Sends a control message. */
    void send(String json) throws IOException {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        writeRaw(ByteBuffer.allocate(6 + payload.length).put((byte) 2).put((byte) 1).putInt(payload.length)
                .put(payload).array());
    }

    /** Sends a hello, in the handshake layout. */
    void sendHello(String json) throws IOException {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        writeRaw(ByteBuffer.allocate(5 + payload.length).put((byte) 1).putInt(payload.length).put(payload).array());
    }

    void writeRaw(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Closes the sending half: the agent reads the end of the stream after what was sent. */
    void endOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Reads a frame's text, of whatever kind, or returns {@code null} when the agent closed the connection. */
    String read() throws IOException {
        ByteBuffer version = ByteBuffer.allocate(1);
        if (!fill(version)) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(version.get(0) == 2 ? 5 : 4);
        if (!fill(header)) {
            throw new EOFException("frame header cut short");
        }
        header.flip();
        if (header.capacity() == 5) {
            header.get();
        }
        ByteBuffer payload = ByteBuffer.allocate(header.getInt());
        if (!fill(payload)) {
            throw new EOFException("frame cut short");
        }
        return new String(payload.array(), StandardCharsets.UTF_8);
    }

    private boolean fill(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("cut short");
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
