package dev.smarttracer.agent.internal.cli;

import dev.smarttracer.agent.internal.protocol.ControlPath;
import dev.smarttracer.internal.attach.AttachRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A process the tool was asked to reach, as the operating system describes it: whether it
 * exists, is a JVM and belongs to this user; its pid as it sees itself (in a container, the pid
 * in its own namespace, from {@code NSpid} in {@code /proc/<pid>/status}); its {@code /tmp} as
 * this process reaches it (through {@code /proc/<pid>/root} when the namespaces differ, as
 * {@code jcmd} does); and when it started, which tells a JVM apart from an earlier one that had
 * the same pid.
 *
 * @param pid the pid as this process sees it
 * @param ownPid the pid as the target sees itself
 * @param tmp the target's {@code /tmp}, as reached from here
 * @param started when the process started, if known
 * @param command the process's command, for messages
 * @param user the process's effective user, whose agent owns its control directory
 */
record TargetJvm(long pid, long ownPid, Path tmp, Optional<Instant> started, String command, OsUser user) {

    private static final Path PROC = Path.of("/proc");
    private static final long EXIT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * Looks at a process before anything is sent to it.
     *
     * @param pid the pid
     * @return the target
     * @throws CliFailure with {@link ExitCode#ATTACH_FAILED} if there is no such process, it is
     *     not a JVM, or it belongs to another user
     */
    static TargetJvm inspect(long pid) {
        if (pid <= 0) {
            throw new CliFailure(ExitCode.USAGE, "pid must be a positive number; got " + pid);
        }
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new CliFailure(ExitCode.ATTACH_FAILED,
                "cannot attach to pid " + pid + ": no such process; list JVMs with: smarttracer jvms"));
        if (pid == ProcessHandle.current().pid()) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "pid " + pid + " is this smarttracer itself; name the pid"
                    + " of the JVM to trace (smarttracer jvms lists them)");
        }
        String command = process.info().command().orElse("?");
        Optional<Instant> started = process.info().startInstant();
        Path proc = PROC.resolve(Long.toString(pid));
        if (!Files.isDirectory(proc)) {
            return new TargetJvm(pid, pid, Path.of("/tmp"), started, command, OsUser.UNKNOWN);
        }
        List<String> status = lines(proc.resolve("status"), pid);
        String uid = field(status, "Uid:", 2);
        String ownUid = field(lines(PROC.resolve("self/status"), pid), "Uid:", 2);
        if (uid != null && ownUid != null && !ownUid.equals("0") && !ownUid.equals(uid)) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "cannot attach to pid " + pid + ": it belongs to another OS"
                    + " user (uid " + uid + "); run smarttracer as that user");
        }
        String maps;
        try {
            maps = Files.readString(proc.resolve("maps"), StandardCharsets.ISO_8859_1);
        } catch (AccessDeniedException denied) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "cannot attach to pid " + pid + ": this user may not look"
                    + " into it; run smarttracer as the JVM's user");
        } catch (IOException gone) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "cannot attach to pid " + pid + ": it ended");
        }
        if (!maps.contains("/libjvm.so") && !maps.contains("/libjvm.dylib")) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "pid " + pid + " is not a Java virtual machine (it runs "
                    + command + "); list JVMs with: smarttracer jvms");
        }
        String nsPid = field(status, "NSpid:", -1);
        long ownPid = nsPid == null ? pid : Long.parseLong(nsPid);
        Path tmp = ownPid == pid ? Path.of("/tmp") : proc.resolve("root/tmp");
        return new TargetJvm(pid, ownPid, tmp, started, command, user(proc, uid));
    }

    /** Returns the user of a process: its effective uid, named as the owner of its /proc directory. */
    private static OsUser user(Path proc, String uid) {
        if (uid == null) {
            return OsUser.UNKNOWN;
        }
        long id = Long.parseLong(uid);
        try {
            Object procUid = Files.getAttribute(proc, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            String name = ((Number) procUid).longValue() == id
                    ? Files.getOwner(proc, LinkOption.NOFOLLOW_LINKS).getName() : "";
            return new OsUser(id, name);
        } catch (IOException | RuntimeException unknown) {
            return new OsUser(id, "");
        }
    }

    /**
     * Returns the effective uid this process runs as.
     *
     * @return the uid, or -1 where /proc does not say
     */
    static long ownUid() {
        try {
            String uid = field(Files.readAllLines(PROC.resolve("self/status"), StandardCharsets.ISO_8859_1), "Uid:", 2);
            return uid == null ? -1 : Long.parseLong(uid);
        } catch (IOException | RuntimeException unknown) {
            return -1;
        }
    }

    /** Returns where the target's agent listens, as reached from here. */
    Path socket() {
        return ControlPath.socket(tmp, ownPid);
    }

    /**
     * Tells whether signalling the JVM to start its attach listener is safe: a JVM that does not
     * handle SIGQUIT ({@code -Xrs}) would end.
     *
     * @return {@code false} only if /proc says SIGQUIT is not caught
     */
    boolean handlesSigquit() {
        Path status = PROC.resolve(Long.toString(pid)).resolve("status");
        if (!Files.isReadable(status)) {
            return true;
        }
        return AttachRules.handlesSigquit(lines(status, pid)).orElse(true);
    }

    /** Tells whether the JVM's own attach listener already runs (its socket exists). */
    boolean attachListenerRuns() {
        return Files.exists(tmp.resolve(".java_pid" + ownPid));
    }

    /**
     * Tells whether the process has ended, waiting a little for one that is ending: its
     * connections close before it is gone, and one whose parent has not collected it yet lingers
     * as a zombie, which {@link ProcessHandle#isAlive()} takes for alive.
     *
     * @param grace how long to wait for a process that still runs to end
     * @return whether it ended (or another process now has its pid)
     */
    boolean exited(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        for (;;) {
            if (ended()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(EXIT_POLL_NANOS);
        }
    }

    private boolean ended() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        if (started.isPresent() && process.get().info().startInstant().map(s -> !s.equals(started.get()))
                .orElse(false)) {
            return true;
        }
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"),
                    StandardCharsets.ISO_8859_1);
            int afterName = stat.lastIndexOf(')');
            char state = afterName >= 0 && afterName + 2 < stat.length() ? stat.charAt(afterName + 2) : '?';
            return state == 'Z' || state == 'X' || state == 'x';
        } catch (IOException gone) {
            return !Files.isDirectory(PROC) || !Files.exists(PROC.resolve(Long.toString(pid)));
        }
    }

    private static List<String> lines(Path file, long pid) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException gone) {
            throw new CliFailure(ExitCode.ATTACH_FAILED, "cannot attach to pid " + pid + ": cannot read " + file
                    + " (" + gone.getMessage() + ")");
        }
    }

    /** Returns a whitespace-separated value of a /proc status line: index from 1, or -1 for the last. */
    private static String field(List<String> lines, String name, int index) {
        for (String line : lines) {
            if (line.startsWith(name)) {
                String[] values = line.substring(name.length()).trim().split("\\s+");
                int at = index < 0 ? values.length - 1 : index - 1;
                return at < values.length && !values[at].isEmpty() ? values[at] : null;
            }
        }
        return null;
    }
}
