package dev.smarttracer.agent.internal.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smarttracer.agent.internal.protocol.FrameReader;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket's place and its guards: a private directory, stale sockets, a cap on connections. */
class ControlServerTest {

    private static final long PID = 4242;

    @TempDir
    Path tmp;

    private final AttachAgent agent = new AttachAgent();

    @Test
    void theSocket_isInADirectoryOnlyItsOwnerMayEnter_andIsRemovedOnClose() throws IOException {
        try (ControlServer server = start()) {
            Path directory = server.socket().getParent();
            assertThat(directory).isEqualTo(tmp.resolve(".smarttracer-" + PID));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory,
                    LinkOption.NOFOLLOW_LINKS))).isEqualTo("rwx------");
            assertThat((Integer) Files.getAttribute(server.socket(), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
                    .as("a socket").isEqualTo(0140000);
            try (SocketChannel client = connect(server)) {
                assertThat(new FrameReader(client).read().text()).contains("\"type\":\"hello\"", "\"pid\":");
            }
            server.close();
            assertThat(directory).doesNotExist();
        }
    }

    @Test
    void aConnectionFromAnotherUser_isClosedUnanswered_evenIfTheDirectoryWereOpenedUp() throws Exception {
        Path runuser = Path.of("/usr/sbin/runuser");
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(runuser),
                "needs root and runuser to connect as another user");
        try (ControlServer server = start()) {
            // What the directory's mode forbids, opened up here so that only the peer check is left.
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(server.socket().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(server.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));

            String asNobody = runAs(runuser, "nobody", server.socket());
            String asRoot = runAs(runuser, "root", server.socket());

            assertThat(asNobody).as("user nobody").isEqualTo("CLOSED");
            assertThat(asRoot).as("root").isEqualTo("HELLO");
            assertThat(server.refusedPeers()).isEqualTo(1);
        }
    }

    private static String runAs(Path runuser, String user, Path socket) throws Exception {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(PeerProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Process probe = new ProcessBuilder(runuser.toString(), "-u", user, "--", launcher, "-cp", classes,
                PeerProbe.class.getName(), socket.toString()).redirectErrorStream(true).start();
        try {
            assertThat(probe.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            return new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } finally {
            probe.destroyForcibly();
        }
    }

    @Test
    void aDirectoryLeftWithLooserPermissions_isTakenOverAndClosedUp() throws IOException {
        Files.createDirectory(tmp.resolve(".smarttracer-" + PID), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        try (ControlServer server = start()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket().getParent())))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void aSymbolicLinkInPlaceOfTheDirectory_isRefused() throws IOException {
        Files.createSymbolicLink(tmp.resolve(".smarttracer-" + PID), tmp);

        assertThatThrownBy(this::start).isInstanceOf(IOException.class).hasMessageContaining("is not a directory");
    }

    @Test
    void aSocketNobodyListensOn_isReplaced_butOneALiveProcessServes_isNot() throws IOException {
        Path directory = Files.createDirectory(tmp.resolve(".smarttracer-" + PID));
        Path socket = directory.resolve("control");
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        try (ControlServer server = start()) {
            try (SocketChannel client = connect(server)) {
                assertThat(new FrameReader(client).read().text()).as("the new agent answers")
                        .contains("\"type\":\"hello\"");
            }
        }

        Files.createDirectories(directory);
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socket));
            assertThatThrownBy(this::start).isInstanceOf(IOException.class)
                    .hasMessageContaining("another process listens on " + socket);
        }
    }

    @Test
    void beyondThirtyTwoConnections_aNewOneIsClosedAtOnce_andTheOthersStayServed() throws IOException {
        List<SocketChannel> clients = new ArrayList<>();
        try (ControlServer server = start()) {
            for (int i = 0; i < ControlServer.MAX_CONNECTIONS; i++) {
                SocketChannel client = connect(server);
                clients.add(client);
                assertThat(new FrameReader(client).read().text()).contains("\"type\":\"hello\"");
            }
            assertThat(server.connections()).isEqualTo(ControlServer.MAX_CONNECTIONS);
            try (SocketChannel extra = connect(server)) {
                assertThat(new FrameReader(extra).read()).as("the 33rd connection is closed unanswered").isNull();
            }
            clients.remove(0).close();
            SocketChannel again = awaitServed(server);
            clients.add(again);
        } finally {
            for (SocketChannel client : clients) {
                client.close();
            }
        }
    }

    /** Connects until a connection is served: the session of a closed one ends on its own thread. */
    private static SocketChannel awaitServed(ControlServer server) throws IOException {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            SocketChannel client = connect(server);
            if (new FrameReader(client).read() != null) {
                return client;
            }
            client.close();
            Thread.onSpinWait();
        }
        throw new AssertionError("no connection was served after one closed");
    }

    private ControlServer start() throws IOException {
        return ControlServer.start(tmp, PID, (channel, name, onClose) -> new ControlSession(channel, agent, name,
                onClose));
    }

    private static SocketChannel connect(ControlServer server) throws IOException {
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
        client.connect(UnixDomainSocketAddress.of(server.socket()));
        return client;
    }
}
