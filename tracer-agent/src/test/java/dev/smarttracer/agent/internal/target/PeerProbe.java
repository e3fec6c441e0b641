package dev.smarttracer.agent.internal.target;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A client for tests run as another OS user: connects to a control socket and prints
 * {@code HELLO} if the agent spoke to it, {@code CLOSED} if the connection was closed unanswered.
 */
final class PeerProbe {

    private PeerProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
            ByteBuffer first = ByteBuffer.allocate(1);
            System.out.println(channel.read(first) > 0 ? "HELLO" : "CLOSED");
        }
    }
}
