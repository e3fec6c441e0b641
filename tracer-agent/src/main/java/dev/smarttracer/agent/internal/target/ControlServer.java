package dev.smarttracer.agent.internal.target;

import dev.smarttracer.agent.internal.protocol.ControlPath;
import dev.smarttracer.internal.reentry.TracerThreads;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;

/**
 * The agent's control channel: a Unix domain socket, {@code control}, in a directory
 * {@code .smarttracer-<pid>} of {@code /tmp} that only the JVM's OS user may enter (mode 0700),
 * so any process of that user (and root) may connect and no other. No TCP port is ever opened.
 *
 * <p>One thread, {@code smarttracer-control}, accepts connections (only from the JVM's own user
 * and root, by their peer credentials), closes those whose client is too slow to say what it
 * wants, and those whose client has not read what was written to it for
 * {@link ControlSession#WRITE_STALL}; each connection is served by a {@link ControlSession} on its
 * own thread, {@code smarttracer-client-<n>}, at most {@value #MAX_CONNECTIONS} at a time (a
 * connection beyond that is closed at once). A socket that a killed JVM with the same pid left
 * behind is replaced; a socket another live process listens on is not. The socket and its
 * directory are removed when the JVM exits.
 *
 * <p>Thread-safe.
 */
final class ControlServer implements Closeable {

    /** The most connections served at a time. */
    static final int MAX_CONNECTIONS = 32;
    private static final long SWEEP_MILLIS = 500;
    private static final long ACCEPT_PAUSE_MILLIS = 100;

    private final Path directory;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final SessionFactory sessions;
    private final Set<ControlSession> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionNumbers = new AtomicInteger();
    private final Thread acceptor;
    /** The JVM's own user, as the owner of the directory it made: with root, the only peer served. */
    private final UserPrincipal owner;
    private final AtomicLong refusedPeers = new AtomicLong();
    private volatile boolean closed;
    /** Whether a connection has come, so the acceptor is marked inside the tracer (acceptor only). */
    private boolean serving;

    private ControlServer(Path directory, Path socket, ServerSocketChannel server, Selector selector,
            SessionFactory sessions, UserPrincipal owner) {
        this.directory = directory;
        this.socket = socket;
        this.server = server;
        this.selector = selector;
        this.sessions = sessions;
        // A plain thread: while dormant the agent loads nothing of the engine. It marks itself
        // inside the tracer when its first connection arrives, before any trace can exist.
        this.acceptor = new Thread(this::accept, "smarttracer-control");
        acceptor.setDaemon(true);
        this.owner = owner;
    }

    /**
     * Opens the control socket of a JVM and starts serving it.
     *
     * @param tmp the directory the socket's directory goes in, {@code /tmp} but in tests
     * @param pid the JVM's pid, as it sees itself
     * @param sessions makes the session of each new connection
     * @return the running server
     * @throws IOException if the directory or the socket cannot be made, or another process
     *     listens there already
     */
    static ControlServer start(Path tmp, long pid, SessionFactory sessions)
            throws IOException {
        Path directory = ControlPath.directory(tmp, pid);
        Path socket = directory.resolve(ControlPath.SOCKET);
        prepareDirectory(directory);
        removeStale(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException failed) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            Files.deleteIfExists(socket);
            throw failed;
        }
        UserPrincipal owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS);
        ControlServer control = new ControlServer(directory, socket, server, selector, sessions, owner);
        control.acceptor.start();
        Runtime.getRuntime().addShutdownHook(new Thread(control::removeFiles, "smarttracer-cleanup"));
        return control;
    }

    /** Returns the socket's path. */
    Path socket() {
        return socket;
    }

    /** Returns how many connections are open. */
    int connections() {
        return open.size();
    }

    /** Returns how many threads serve the channel now: the acceptor, the connections, the traces' writers. */
    int threads() {
        return (acceptor.isAlive() ? 1 : 0) + open.size() + (int) open.stream().filter(ControlSession::streaming)
                .count();
    }

    /** Makes the session of a connection. */
    @FunctionalInterface
    interface SessionFactory {

        /**
         * @param channel the connection, in blocking mode
         * @param name the name of the session's thread
         * @param onClose to be called by the session when it ends, before its connection closes, so
         *     that a client that reads the end of its connection finds it no longer counted
         * @return the session, not yet running
         */
        ControlSession open(SocketChannel channel, String name, Consumer<ControlSession> onClose);
    }

    /** Stops accepting, closes every connection and removes the socket. */
    @Override
    public void close() {
        closed = true;
        try {
            selector.close();
            server.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
        open.forEach(ControlSession::close);
        removeFiles();
    }

    private void accept() {
        while (!closed && selector.isOpen()) {
            try {
                selector.select(SWEEP_MILLIS);
                selector.selectedKeys().clear();
                for (SocketChannel channel = server.accept(); channel != null; channel = server.accept()) {
                    serve(channel);
                }
                long now = System.nanoTime();
                open.forEach(session -> session.expireIfDue(now));
            } catch (ClosedChannelException | ClosedSelectorException stopped) {
                return;
            } catch (Throwable failed) {
                // Out of file descriptors or memory for a moment, or any other Error: the channel
                // stays open, and accepting resumes after a pause instead of spinning.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ACCEPT_PAUSE_MILLIS));
            }
        }
    }

    private void serve(SocketChannel channel) throws IOException {
        try {
            channel.configureBlocking(true);
        } catch (IOException | RuntimeException failed) {
            channel.close();
            throw failed;
        }
        if (!serving) {
            serving = true;
            TracerThreads.enterForLife();
        }
        if (open.size() >= MAX_CONNECTIONS || !mayConnect(channel)) {
            channel.close();
            return;
        }
        ControlSession session = sessions.open(channel, "smarttracer-client-" + connectionNumbers.incrementAndGet(),
                open::remove);
        open.add(session);
        try {
            TracerThreads.named(session.name(), session).start();
        } catch (Throwable cannot) {
            open.remove(session);
            channel.close();
        }
    }

    /**
     * Tells whether a connection comes from the JVM's own user or root, by the peer credentials
     * the kernel gives the socket: the directory's mode keeps other users out already, and this
     * holds even if it were changed.
     */
    private boolean mayConnect(SocketChannel channel) {
        try {
            UserPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
            if (peer.equals(owner) || peer.getName().equals("root")) {
                return true;
            }
        } catch (IOException | RuntimeException unknown) {
            // No credentials to be had: refused like a stranger.
        }
        refusedPeers.incrementAndGet();
        return false;
    }

    /** Returns how many connections were refused for coming from another user; for status and tests. */
    long refusedPeers() {
        return refusedPeers.get();
    }

    /**
     * Makes the directory with mode 0700, or takes over one this user owns: a directory left by
     * an earlier JVM with the same pid. Refuses a symbolic link or another user's directory.
     */
    private static void prepareDirectory(Path directory) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(ownerOnly));
        } else if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(directory + " exists and is not a directory; remove it");
        } else {
            Object owner = Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            long ownUid = effectiveUid();
            if (ownUid >= 0 && ((Number) owner).longValue() != ownUid) {
                throw new IOException(directory + " belongs to another user (uid " + owner + ", this JVM runs as uid "
                        + ownUid + "); remove it");
            }
        }
        Files.setPosixFilePermissions(directory, ownerOnly);
    }

    /** Returns the JVM's effective uid, from {@code /proc/self/status}, or -1 where that is not readable. */
    private static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not Linux: the directory's mode is set below all the same
        }
        return -1;
    }

    /** Removes a socket that nobody listens on; refuses one that a live process serves. */
    private static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new IOException("another process listens on " + socket + " already (a JVM with the same pid in"
                    + " another pid namespace sharing this /tmp?)");
        } catch (java.net.ConnectException nobodyListens) {
            Files.delete(socket);
        }
    }

    private void removeFiles() {
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(directory);
        } catch (IOException | RuntimeException ignored) {
            // another file was put there; the next agent with this pid takes the directory over
        }
    }
}
