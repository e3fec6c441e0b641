package dev.smarttracer.agent.internal.protocol;

import java.nio.file.Path;

/**
 * Where a target JVM's agent listens: the Unix domain socket {@code control} in the directory
 * {@code .smarttracer-<pid>} of the target's {@code /tmp}, the directory readable by the
 * target's OS user alone (mode 0700). The pid is the target's own, as it sees itself: in a
 * container, the pid in its namespace, and the directory is reached from outside through
 * {@code /proc/<host pid>/root/tmp}, as {@code jcmd} reaches the JVM's attach socket.
 *
 * <p>The path stays short whatever the pid: at most 52 characters from outside a container, well
 * within the 107 bytes a Unix socket path may have. Stateless.
 */
public final class ControlPath {

    /** The name of the socket in its directory. */
    public static final String SOCKET = "control";
    /** The start of the directory's name; the target's pid follows. */
    public static final String DIRECTORY_PREFIX = ".smarttracer-";
    /** The longest socket path the operating systems accept, in bytes, less the final NUL. */
    public static final int MAX_SOCKET_PATH = 107;

    private ControlPath() {
    }

    /**
     * Returns a target's control directory.
     *
     * @param tmp the target's {@code /tmp}, as this process reaches it
     * @param pid the target's pid, as the target sees it
     * @return the directory
     */
    public static Path directory(Path tmp, long pid) {
        return tmp.resolve(DIRECTORY_PREFIX + pid);
    }

    /**
     * Returns a target's control socket.
     *
     * @param tmp the target's {@code /tmp}, as this process reaches it
     * @param pid the target's pid, as the target sees it
     * @return the socket's path
     */
    public static Path socket(Path tmp, long pid) {
        return directory(tmp, pid).resolve(SOCKET);
    }
}
