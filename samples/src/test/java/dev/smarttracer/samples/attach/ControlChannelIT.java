package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The control channel as an attacker, a broken network peer or an old installation meets it: a
 * Unix socket in a private directory and no TCP port; garbage frames close only their own
 * connection; a socket left by a killed JVM is cleaned up; an agent of another protocol version
 * is named with what to do.
 */
@Timeout(300)
class ControlChannelIT {

    @Test
    void theChannelIsAUnixSocketInADirectoryOnlyTheOwnerCanEnter_andNoTcpPortIsOpened() throws Exception {
        try (Target target = Target.start()) {
            Set<Long> listeningBefore = listeningTcpSockets(target.pid());
            Cli.Result traced = Cli.run("trace", Long.toString(target.pid()), "com.acme.shop.Pricing#price", "1",
                    "--yes");
            assertThat(traced.exitCode()).as(traced.toString()).isZero();

            Path directory = ControlSocket.path(target.pid()).getParent();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS)))
                    .isEqualTo("rwx------");
            assertThat(Files.getAttribute(directory, "unix:uid"))
                    .isEqualTo(Files.getAttribute(Path.of("/proc", Long.toString(target.pid())), "unix:uid"));
            assertThat(Files.getAttribute(ControlSocket.path(target.pid()), "unix:mode", LinkOption.NOFOLLOW_LINKS))
                    .as("a socket file").matches(mode -> ((Integer) mode & 0170000) == 0140000);
            assertThat(listeningTcpSockets(target.pid())).as("listening TCP sockets of the target")
                    .isEqualTo(listeningBefore);
        }
    }

    @Test
    void randomTruncatedAndOversizedFrames_closeOnlyTheirConnection_andTheTargetKeepsServing() throws Exception {
        try (Target target = Target.start()) {
            String pid = Long.toString(target.pid());
            assertThat(Cli.run("trace", pid, "com.acme.shop.Pricing#price", "1", "--yes").exitCode()).isZero();
            try (ControlSocket bystander = ControlSocket.open(target.pid())) {
                Random random = new Random(42);
                int frames = 2_000;
                for (int i = 0; i < frames; i++) {
                    try (ControlSocket socket = ControlSocket.connect(target.pid())) {
                        socket.read();
                        socket.writeRaw(garbage(random, i));
                        socket.endOutput();
                        drain(socket);
                    }
                }
                bystander.send("{\"type\":\"status\"}");
                String status = bystander.read();
                assertThat(status).as("a connection opened before the garbage still works").contains("\"type\":\"status\"");
                assertThat(ControlSocket.number(status, "connections")).as("connections open, this one only").isEqualTo(1);
            }
            Cli.Result traced = Cli.run("trace", pid, "com.acme.shop.Pricing#discount", "3", "--local");
            assertThat(traced.exitCode()).as(traced.toString()).isZero();
            assertThat(traced.linesWith(" is being called with: [")).hasSize(3);
            assertThat(AgentLoadingIT.threads(Jdks.current(), target.pid()))
                    .as("no connection thread left behind").noneMatch(name -> name.startsWith("smarttracer-client-"));
            target.assertPrintedOnlyItsOwnLines();
        }
    }

    @Test
    void aSocketLeftByAKilledJvm_isDetectedAndCleanedUp_thenTheAgentLoads() throws Exception {
        try (Target target = Target.start()) {
            Path socket = ControlSocket.path(target.pid());
            Files.createDirectories(socket.getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                stale.bind(UnixDomainSocketAddress.of(socket));
            }
            assertThat(socket).as("a socket nobody listens on").exists();

            Cli.Result status = Cli.run("status", Long.toString(target.pid()));
            assertThat(status.stdout()).containsExactly("pid " + target.pid() + ": no SmartTracer agent loaded;"
                    + " nothing is traced or recorded there.");
            assertThat(socket).as("the stale socket was removed").doesNotExist();

            Cli.Result traced = Cli.run("trace", Long.toString(target.pid()), "com.acme.shop.Pricing#price", "2",
                    "--yes");
            assertThat(traced.exitCode()).as(traced.toString()).isZero();
        }
    }

    @Test
    void anAgentOfAnotherProtocolVersion_isNamedWithWhatToDo() throws Exception {
        try (Target target = Target.start()) {
            Path socket = ControlSocket.path(target.pid());
            Files.createDirectories(socket.getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            long started = target.process().info().startInstant().orElseThrow().toEpochMilli();
            try (ServerSocketChannel older = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                older.bind(UnixDomainSocketAddress.of(socket));
                // Protocol 1 is the last with untyped frames; a hello is in that layout in every version.
                for (String agentVersion : List.of("0.0.1", "0.1.0")) {
                    int protocol = agentVersion.equals("0.0.1") ? 0 : 1;
                    Thread agent = new Thread(() -> answerHello(older, "{\"type\":\"hello\",\"protocol\":" + protocol
                            + ",\"agent\":\"" + agentVersion + "\",\"pid\":" + target.pid() + ",\"startedMillis\":"
                            + started + "}"));
                    agent.setDaemon(true);
                    agent.start();

                    Cli.Result result = Cli.run("status", Long.toString(target.pid()));

                    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
                    assertThat(result.stderr().strip()).contains("runs SmartTracer agent " + agentVersion,
                            "control protocol " + protocol, "speaks protocol 2",
                            "use the smarttracer.jar of version " + agentVersion).doesNotContain("\n");
                    agent.join(10_000);
                }
            } finally {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(socket.getParent());
            }
        }
    }

    @Test
    void aSocketAnsweringForAnEarlierJvmWithTheSamePid_isNotTakenForThisOne() throws Exception {
        try (Target target = Target.start()) {
            Path socket = ControlSocket.path(target.pid());
            Files.createDirectories(socket.getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            long anHourEarlier = target.process().info().startInstant().orElseThrow().toEpochMilli() - 3_600_000;
            try (ServerSocketChannel earlier = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                earlier.bind(UnixDomainSocketAddress.of(socket));
                Thread agent = new Thread(() -> answerHello(earlier, "{\"type\":\"hello\",\"protocol\":2,\"agent\":"
                        + "\"0.1.0\",\"pid\":" + target.pid() + ",\"startedMillis\":" + anHourEarlier + "}"));
                agent.setDaemon(true);
                agent.start();

                Cli.Result result = Cli.run("status", Long.toString(target.pid()));

                assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
                assertThat(result.stderr().strip()).contains("answers for another JVM", "not pid " + target.pid());
            } finally {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(socket.getParent());
            }
        }
    }

    @Test
    void theAgentJar_holdsOnlyTheEntryPointAndTheBridgeAtItsTop_andNothingUnrelocated() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(Cli.agentJar().toFile())) {
            List<String> names = jar.stream().map(java.util.zip.ZipEntry::getName).filter(n -> !n.endsWith("/")).toList();
            assertThat(names.stream().filter(n -> !n.startsWith("smarttracer/engine/")))
                    .allMatch(n -> n.matches("dev/smarttracer/agent/"
                            + "(SmartTracerAgent|BootstrapBridge|BootstrapDefiner|EngineLoader)(\\$\\w+)?\\.class")
                            || n.equals("META-INF/MANIFEST.MF") || n.equals("META-INF/smarttracer/tracer-bridge.jar"));
            assertThat(names).noneMatch(n -> n.endsWith(".class") && !n.startsWith("dev/smarttracer/agent/"));
            assertThat(names.stream().filter(n -> n.endsWith(".classdata")))
                    .allMatch(n -> n.startsWith("smarttracer/engine/dev/smarttracer/"))
                    .anyMatch(n -> n.startsWith("smarttracer/engine/dev/smarttracer/shaded/org/objectweb/asm/"))
                    .anyMatch(n -> n.startsWith("smarttracer/engine/dev/smarttracer/shaded/picocli/"))
                    .anyMatch(n -> n.startsWith("smarttracer/engine/dev/smarttracer/shaded/org/slf4j/"))
                    .noneMatch(n -> n.startsWith("smarttracer/engine/dev/smarttracer/shaded/net/bytebuddy/")
                            && !n.startsWith("smarttracer/engine/dev/smarttracer/shaded/net/bytebuddy/agent/"));
            java.util.jar.Attributes manifest = jar.getManifest().getMainAttributes();
            for (String attribute : List.of("Main-Class", "Premain-Class", "Agent-Class")) {
                assertThat(manifest.getValue(attribute)).isEqualTo("dev.smarttracer.agent.SmartTracerAgent");
            }
            assertThat(manifest.getValue("Can-Retransform-Classes")).isEqualTo("true");
        }
    }

    private static void answerHello(ServerSocketChannel server, String hello) {
        try (SocketChannel client = server.accept()) {
            byte[] payload = hello.getBytes(StandardCharsets.UTF_8);
            client.write(ByteBuffer.allocate(5 + payload.length).put((byte) 1).putInt(payload.length).put(payload)
                    .flip());
            client.read(ByteBuffer.allocate(1024));
        } catch (IOException ignored) {
            // the client left
        }
    }

    /** Returns one garbage frame: random bytes, a cut frame, a lying length, bad JSON or a wrong version. */
    static byte[] garbage(Random random, int i) {
        return switch (i % 6) {
            case 0 -> randomBytes(random, 1 + random.nextInt(64));
            case 1 -> ByteBuffer.allocate(9).put((byte) 1).putInt(1_000).put("{\"ty".getBytes(StandardCharsets.UTF_8))
                    .array();
            case 2 -> ByteBuffer.allocate(5).put((byte) 1).putInt(Integer.MAX_VALUE).array();
            case 3 -> frame(1, "{\"type\":\"hello\",\"protocol\":");
            case 4 -> frame(7, "{\"type\":\"hello\",\"protocol\":2}");
            default -> ByteBuffer.allocate(5 + 2).put((byte) 1).putInt(2).put((byte) 0xc3).put((byte) 0x28).array();
        };
    }

    private static byte[] frame(int version, String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + payload.length).put((byte) version).putInt(payload.length).put(payload).array();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Reads until the agent closes the connection, which it must do after garbage. */
    private static void drain(ControlSocket socket) throws IOException {
        try {
            while (socket.read() != null) {
                // the error frame
            }
        } catch (IOException closedMidFrame) {
            // closed: what is expected
        }
    }

    /** Returns the inodes of the listening TCP sockets the process holds. */
    private static Set<Long> listeningTcpSockets(long pid) throws IOException {
        Set<Long> listening = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 9 && fields[3].equals("0A")) {
                        listening.add(Long.parseLong(fields[9]));
                    }
                }
            }
        }
        Set<Long> own = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        own.add(Long.parseLong(link.substring(8, link.length() - 1)));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            });
        }
        own.retainAll(listening);
        return own;
    }
}
