package dev.smarttracer.internal.attach;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Loads an agent jar into this very JVM by speaking HotSpot's attach protocol over its Unix
 * socket, as {@code jcmd} and the JDK's attach API do for another JVM. The JDK's attach API
 * refuses to attach a JVM to itself unless {@code -Djdk.attach.allowAttachSelf=true}, and the
 * usual way round, a helper JVM, costs half a second or more; the refusal lives only in that
 * client, not in the JVM. Linux and HotSpot only.
 *
 * <p>It never signals blindly: a JVM whose attach listener runs answers on its socket; otherwise
 * the listener is started the documented way (a {@code .attach_pid<pid>} file, then SIGQUIT), and
 * only if the JVM handles SIGQUIT (not under {@code -Xrs}, where the signal would end it) and
 * attach is not disabled (where it would print a thread dump). Anything unexpected is an
 * {@link IOException} saying what, and the caller tries the next way.
 *
 * <p>Not thread-safe: the engine calls it once, under its set-up lock.
 */
final class SelfAttach {

    private static final Path TMP = Path.of("/tmp");
    private static final int MAX_ARGUMENT_BYTES = 1024;

    private SelfAttach() {
    }

    /**
     * Loads the agent jar into this JVM; returns when its {@code agentmain} has returned.
     *
     * @param agentJar the agent jar, an absolute path
     * @param timeout how long the attach listener may take to start and answer
     * @throws IOException if this JVM cannot be attached this way, with the reason
     */
    static void load(Path agentJar, Duration timeout) throws IOException {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            throw new IOException("attaching to itself through the attach socket is done on Linux only");
        }
        long pid = ProcessHandle.current().pid();
        long deadline = System.nanoTime() + timeout.toNanos();
        Path socket = TMP.resolve(".java_pid" + pid);
        if (!Files.exists(socket)) {
            startListener(pid, socket, deadline);
        }
        checkOwnership(socket);
        String argument = agentJar.toAbsolutePath().toString();
        if (argument.getBytes(StandardCharsets.UTF_8).length > MAX_ARGUMENT_BYTES) {
            throw new IOException("the agent jar's path is longer than the attach protocol's 1,024 bytes: " + argument);
        }
        String reply = request(socket, deadline, "1", "load", "instrument", "false", argument);
        checkLoaded(reply);
    }

    private static void startListener(long pid, Path socket, long deadline) throws IOException {
        if (!Files.isWritable(TMP)) {
            throw new IOException("/tmp is not writable, so the JVM's attach listener cannot open its socket there");
        }
        checkSigquitHandled();
        if (attachDisabled()) {
            throw new IOException("attach is disabled in this JVM (-XX:+DisableAttachMechanism)");
        }
        Path trigger = TMP.resolve(".attach_pid" + pid);
        Files.deleteIfExists(trigger);
        Files.createFile(trigger);
        try {
            long start = System.nanoTime();
            signalQuit(pid);
            boolean resent = false;
            for (long pause = 1; !Files.exists(socket); pause = Math.min(pause * 2, 50)) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    throw new IOException("the JVM's attach listener did not start: no socket " + socket);
                }
                if (!resent && now - start >= (deadline - start) / 2) {
                    signalQuit(pid);
                    resent = true;
                }
                sleep(pause);
            }
        } finally {
            Files.deleteIfExists(trigger);
        }
    }

    /** Refuses to signal a JVM that does not handle SIGQUIT: the signal's default action ends it. */
    private static void checkSigquitHandled() throws IOException {
        if (!AttachRules.handlesSigquit(Files.readAllLines(Path.of("/proc/self/status"))).orElse(false)) {
            throw new IOException("this JVM does not handle SIGQUIT (-Xrs?), so its attach listener cannot be started");
        }
    }

    private static boolean attachDisabled() {
        // HotSpot's own performance data says whether attach is supported; without it, ask the
        // diagnostic MXBean.
        Path perfData = TMP.resolve("hsperfdata_" + System.getProperty("user.name"))
                .resolve(Long.toString(ProcessHandle.current().pid()));
        PerfData published = Files.isRegularFile(perfData) ? PerfData.read(perfData) : null;
        if (published != null && published.knowsAttach()) {
            return published.attachDisabled();
        }
        try {
            return "true".equals(ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("DisableAttachMechanism").getValue());
        } catch (RuntimeException | LinkageError unknown) {
            return true;
        }
    }

    private static void signalQuit(long pid) throws IOException {
        Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).redirectErrorStream(true).start();
        try {
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill -QUIT " + pid + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the attach listener", e);
        } finally {
            kill.destroyForcibly();
        }
    }

    /** Checks, as the JDK's client does, that the socket is this user's and no one else may use it. */
    private static void checkOwnership(Path socket) throws IOException {
        Object owner = Files.getAttribute(socket, "unix:uid");
        Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        int mode = (Integer) Files.getAttribute(socket, "unix:mode") & 0777;
        if (!owner.equals(self) || (mode & 0077) != 0) {
            throw new IOException("the attach socket " + socket + " belongs to uid " + owner + " with mode "
                    + Integer.toOctalString(mode) + ", not to this JVM's user alone");
        }
    }

    private static String request(Path socket, long deadline, String... parts) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        for (String part : parts) {
            request.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            request.write(0);
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(request.toByteArray());
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(1024);
            for (;;) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IOException("the JVM's attach listener did not answer in time; it said: "
                            + reply.toString(StandardCharsets.UTF_8));
                }
                selector.select(left);
                selector.selectedKeys().clear();
                int read;
                while ((read = channel.read(in)) > 0) {
                    reply.write(in.array(), 0, read);
                    in.clear();
                }
                if (read < 0) {
                    // The listener closes the connection after its answer.
                    return reply.toString(StandardCharsets.UTF_8);
                }
            }
        }
    }

    /** Reads the answer to {@code load}: a status line, then {@code return code: N}. */
    private static void checkLoaded(String reply) throws IOException {
        String[] lines = reply.strip().split("\n", 2);
        String rest = lines.length > 1 ? lines[1].strip() : "";
        if (!lines[0].strip().equals("0") || !rest.startsWith("return code: ")) {
            throw new IOException("the JVM refused to load the agent: " + (rest.isEmpty() ? reply.strip() : rest));
        }
        String code = rest.substring("return code: ".length()).strip();
        if (!code.equals("0")) {
            throw new IOException("the JVM could not start the agent (return code " + code + ")");
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the attach listener", e);
        }
    }
}
