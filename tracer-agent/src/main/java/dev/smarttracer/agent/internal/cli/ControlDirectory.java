package dev.smarttracer.agent.internal.cli;

import dev.smarttracer.agent.internal.protocol.ControlPath;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * A target's control directory, {@code /tmp/.smarttracer-<pid>}, and its socket {@code control},
 * as the command line may trust them. {@code /tmp} is writable by everyone: another user may
 * have put a symbolic link, a directory of their own or a file there first, to be followed by a
 * command run as root (where the kernel does not protect links in sticky directories,
 * {@code fs.protected_symlinks=0}, as in many containers). So a link is never followed there
 * (every look is an {@code lstat}), and the directory is used only if it is a directory owned by
 * the target's user with mode 0700, which no other user can change; the socket only if it is a
 * socket. Anything else is refused in one line that names the path, its owner, what is wrong and
 * what to do, and nothing is removed but a socket proven stale: a socket file (not a link) in a
 * directory that passes these checks, that nobody listens on, unlinked through the directory
 * opened without following links, so the path cannot be swapped in between.
 *
 * <p>Immutable; each method looks at the file system again.
 */
final class ControlDirectory {

    private static final int TYPE_MASK = 0170000;
    private static final int SOCKET = 0140000;
    private static final int LINK = 0120000;
    private static final int REGULAR = 0100000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int DIRECTORY = 0040000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int FIFO = 0010000;
    private static final int OWNER_ONLY = 0700;

    private final TargetJvm target;
    private final Path directory;
    private final Path socket;
    private final long ownUid;

    /**
     * @param target the target whose directory this is
     * @param ownUid the effective uid this command runs as, or -1 if not known
     */
    ControlDirectory(TargetJvm target, long ownUid) {
        this.target = target;
        this.directory = ControlPath.directory(target.tmp(), target.ownPid());
        this.socket = directory.resolve(ControlPath.SOCKET);
        this.ownUid = ownUid;
    }

    /**
     * Returns the directory of a target, as this process runs.
     *
     * @param target the target
     * @return its directory
     */
    static ControlDirectory of(TargetJvm target) {
        return new ControlDirectory(target, TargetJvm.ownUid());
    }

    /** Returns the directory's path. */
    Path path() {
        return directory;
    }

    /**
     * Returns what is wrong with the directory or its socket, if anything: a symbolic link, not
     * a directory, another owner than the target's user, another mode than 0700; a socket entry
     * that is not a socket. Nothing there, or a directory without a socket, is nothing wrong.
     *
     * @return the one-line refusal, or empty
     */
    Optional<String> problem() {
        try {
            Optional<Entry> found = Entry.lstat(directory);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> wrong = directoryProblem(found.get());
            if (wrong.isPresent()) {
                return wrong;
            }
            Optional<Entry> control = Entry.lstat(socket);
            return control.isEmpty() || control.get().type() == SOCKET ? Optional.empty()
                    : Optional.of(socketProblem(control.get(), found.get()));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.of("cannot check pid " + target.pid() + "'s control directory " + directory + " ("
                    + unreadable.getMessage() + "); run smarttracer as root or as the JVM's user, then run again");
        }
    }

    /**
     * Returns the socket to try to connect to, after checking the directory.
     *
     * @return the socket's file key (device and inode), or empty if there is no socket
     * @throws CliFailure with {@link ExitCode#ATTACH_FAILED} if the directory or the socket's
     *     place is not what the agent makes
     */
    Optional<Object> socketToTry() {
        Optional<String> wrong = problem();
        if (wrong.isPresent()) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, wrong.get());
        }
        try {
            return Entry.lstat(socket).filter(entry -> entry.type() == SOCKET).map(Entry::key);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * Removes a socket that nobody listens on, and the directory if that leaves it empty: only
     * if the directory, opened without following a link, is the one that passes the checks and
     * still holds that very socket.
     *
     * @param socketKey the socket's file key, as {@link #socketToTry()} returned it
     * @return whether the socket was removed
     */
    boolean removeStale(Object socketKey) {
        Path name = directory.getFileName();
        Path entry = socket.getFileName();
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(directory.getParent())) {
            if (!(tmp instanceof SecureDirectoryStream<Path> secureTmp)) {
                return false;
            }
            try (SecureDirectoryStream<Path> opened = secureTmp.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                Object openedKey = opened.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
                Optional<Entry> checked = Entry.lstat(directory);
                if (checked.isEmpty() || !checked.get().key().equals(openedKey)
                        || directoryProblem(checked.get()).isPresent()) {
                    return false;
                }
                BasicFileAttributes control = opened.getFileAttributeView(entry, BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes();
                if (!control.isOther() || !socketKey.equals(control.fileKey())) {
                    return false;
                }
                opened.deleteFile(entry);
            }
            try {
                secureTmp.deleteDirectory(name);
            } catch (DirectoryNotEmptyException | NoSuchFileException keep) {
                // something else is in it, or it went meanwhile: the agent takes it over
            }
            return true;
        } catch (IOException | RuntimeException cannot) {
            return false;
        }
    }

    private Optional<String> directoryProblem(Entry found) {
        OsUser jvmUser = target.user();
        String what;
        if (found.type() == LINK) {
            what = "is a symbolic link to " + linkTarget(directory) + ", owned by " + found.owner() + ", not a directory";
        } else if (found.type() != DIRECTORY) {
            what = "is " + kind(found.type()) + ", owned by " + found.owner() + ", not a directory";
        } else if (jvmUser.known() && found.owner().uid() != jvmUser.uid()) {
            what = "belongs to " + found.owner() + ", not to the JVM's user, " + jvmUser
                    + ", so another user may have made it to catch the agent's connections";
        } else if (found.permissions() != OWNER_ONLY) {
            what = "is owned by " + found.owner() + " but has mode " + String.format("%04o", found.permissions())
                    + ", not 0700, so other users may put files in it";
        } else {
            return Optional.empty();
        }
        return Optional.of("pid " + target.pid() + "'s control directory " + directory + " " + what
                + "; smarttracer will not use it; remove it: "
                + removal(found.owner().uid(), found.type() == DIRECTORY) + directory + ", then run again");
    }

    private String socketProblem(Entry control, Entry parent) {
        return "pid " + target.pid() + "'s control socket " + socket + " is " + (control.type() == LINK
                ? "a symbolic link to " + linkTarget(socket) : kind(control.type())) + ", owned by " + control.owner()
                + ", not a socket; smarttracer will not use or remove it; remove it: "
                + removal(parent.owner().uid(), false) + socket + ", then run again";
    }

    /** The command that removes an entry that a user may remove who owns it (or its directory). */
    private String removal(long owner, boolean recursive) {
        return (ownUid == 0 || (ownUid >= 0 && ownUid == owner) ? "" : "sudo ") + (recursive ? "rm -r " : "rm ");
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | RuntimeException unreadable) {
            return "?";
        }
    }

    private static String kind(int type) {
        return switch (type) {
            case REGULAR -> "a regular file";
            case DIRECTORY -> "a directory";
            case LINK -> "a symbolic link";
            case SOCKET -> "a socket";
            case FIFO -> "a named pipe";
            case CHARACTER_DEVICE, BLOCK_DEVICE -> "a device";
            default -> "a special file";
        };
    }

    /** One file as {@code lstat} describes it: the link itself, never what it points to. */
    private record Entry(int type, int permissions, OsUser owner, Object key) {

        static Optional<Entry> lstat(Path path) throws IOException {
            Map<String, Object> attributes;
            String ownerName;
            try {
                attributes = Files.readAttributes(path, "unix:mode,uid,fileKey", LinkOption.NOFOLLOW_LINKS);
                ownerName = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
            } catch (NoSuchFileException absent) {
                return Optional.empty();
            }
            int mode = (Integer) attributes.get("mode");
            long uid = ((Number) attributes.get("uid")).longValue();
            return Optional.of(new Entry(mode & TYPE_MASK, mode & 0777, new OsUser(uid, ownerName),
                    attributes.get("fileKey")));
        }
    }
}
