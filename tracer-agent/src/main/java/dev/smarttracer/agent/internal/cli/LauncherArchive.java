package dev.smarttracer.agent.internal.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * The command line's side of the {@code smarttracer} launcher, in the launcher's cache directory
 * for one jar and one java ({@value #DIRECTORY}). The launcher ends by becoming the command's JVM,
 * so a signal reaches the command as it would under {@code java -jar}; what it leaves to be done
 * after the command, this JVM does, after the command's output:
 *
 * <ul>
 *   <li>{@value #PREPARE}: a first command with this jar and java ran as {@code java -jar}; the
 *       jar of the command line's classes is written ({@link LauncherJar}), for the next command.
 *   <li>{@value #LEARN}: a command run for the first time from that jar had its JVM list the
 *       classes it loaded ({@code -XX:DumpLoadedClassList}, into {@value #LIST}); once it has done
 *       its work (exit code 0), the list is kept as {@code <command>.classes} and the archive is
 *       made again from every command's list ({@code start.jsa}, by {@code java -Xshare:dump}),
 *       one JVM at a time (a lock in the directory), so that no command's classes are lost to
 *       another's archive. A command that failed teaches nothing: its list is dropped.
 *   <li>otherwise the command started from the archive: the marker the launcher left
 *       ({@code started.<pid>}) goes when this JVM exits in order (a marker whose JVM is gone
 *       tells the launcher that a JVM died on the archive), and after the command it checks that
 *       its JVM mapped the archive
 *       ({@code java.vm.info} says {@code sharing}); if not (a damaged archive, a directory moved,
 *       options that rule sharing out), the archive is dropped.
 * </ul>
 *
 * <p>Every failure is kept in {@code failed} (the launcher then runs {@code java -jar} for a day),
 * never printed; nothing here changes what the command printed or its exit code. A signal while
 * this work runs ends it, removes what it had written and exits with the command's exit code.
 */
final class LauncherArchive {

    /** The system property in which the launcher names its cache directory for this jar and java. */
    static final String DIRECTORY = "smarttracer.launcher.dir";
    /** The system property set when the command line's jar is to be written after the command. */
    static final String PREPARE = "smarttracer.launcher.prepare";
    /** The system property in which the launcher names the command whose classes this run lists. */
    static final String LEARN = "smarttracer.launcher.learn";
    /** The system property in which the launcher names the class list this run's JVM writes. */
    static final String LIST = "smarttracer.launcher.list";
    /** The system property that holds the launcher's extra JVM options, for the JVM that makes the archive. */
    static final String OPTIONS = "smarttracer.launcher.options";
    private static final Pattern ID = Pattern.compile(" id: \\d+$");
    private static final long DUMP_SECONDS = 120;
    private static final long LOCK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Guards {@link #signalled} and {@link #dump} between the work and the shutdown hook. */
    private static final Object SIGNAL = new Object();
    private static boolean signalled;
    private static Process dump;

    private LauncherArchive() {
    }

    /**
     * Has the marker with which the launcher watches a JVM started from the archive removed when
     * this JVM exits in order, by its end or a signal: a JVM that dies on a damaged archive leaves
     * it, and the launcher drops the archive.
     */
    static void started() {
        String directory = System.getProperty(DIRECTORY);
        if (directory != null && System.getProperty(LEARN) == null && System.getProperty(PREPARE) == null) {
            Path marker = Path.of(directory, "started." + ProcessHandle.current().pid());
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Files.deleteIfExists(marker);
                    } catch (IOException | RuntimeException ignored) {
                        // the launcher takes it for a JVM that died on the archive: a day of java -jar
                    }
                }, "smarttracer-launcher-started"));
            } catch (IllegalStateException | SecurityException shuttingDown) {
                // as above
            }
        }
    }

    /**
     * Does what the launcher left to the command line once the command has ended, if it was
     * started by the launcher; never throws, prints nothing.
     *
     * @param exitCode the command's exit code, which this JVM exits with whatever happens here
     */
    static void afterCommand(int exitCode) {
        String directory = System.getProperty(DIRECTORY);
        if (directory == null) {
            return;
        }
        Path dir = Path.of(directory);
        long pid = ProcessHandle.current().pid();
        String command = System.getProperty(LEARN);
        Path list = Path.of(System.getProperty(LIST, dir.resolve("none." + pid + ".list").toString()));
        List<Path> partial = List.of(list, dir.resolve("all." + pid + ".list"), dir.resolve("start." + pid + ".jsa"),
                dir.resolve("dump." + pid + ".log"), LauncherJar.partial(dir.resolve("cli.jar")));
        Thread onSignal = new Thread(() -> {
            Process running;
            synchronized (SIGNAL) {
                signalled = true;
                running = dump;
            }
            if (running != null) {
                running.destroyForcibly();
            }
            for (Path file : partial) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException | RuntimeException ignored) {
                    // the next archive's tidying takes it
                }
            }
            Runtime.getRuntime().halt(exitCode);
        }, "smarttracer-launcher");
        try {
            Runtime.getRuntime().addShutdownHook(onSignal);
        } catch (IllegalStateException shuttingDown) {
            return;
        }
        try {
            if (Boolean.getBoolean(PREPARE)) {
                LauncherJar.write(AgentAttacher.agentJar(), dir.resolve("cli.jar"));
            } else if (command == null) {
                checkMapped(dir);
            } else if (exitCode != 0) {
                Files.deleteIfExists(list);
            } else {
                learn(dir, command, list, partial.get(1), partial.get(2), partial.get(3));
            }
        } catch (IOException | RuntimeException | InterruptedException failure) {
            synchronized (SIGNAL) {
                if (!signalled) {
                    fail(dir, "the launcher's archive could not be made: " + failure);
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs, and exits with the command's code
            }
        }
    }

    /** Drops an archive this JVM did not map, and says why for the launcher. */
    private static void checkMapped(Path dir) throws IOException {
        if (!System.getProperty("java.vm.info", "").contains("sharing")) {
            Files.deleteIfExists(dir.resolve("start.jsa"));
            fail(dir, "this java (" + System.getProperty("java.vm.version") + ", " + System.getProperty("java.vm.info")
                    + ") did not map the archive start.jsa: it may be damaged, moved, or ruled out by the JVM's"
                    + " options; the launcher runs java -jar for a day, then makes it again");
        }
    }

    private static void learn(Path dir, String command, Path list, Path classList, Path archive, Path log)
            throws IOException, InterruptedException {
        try (FileChannel lock = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lock(lock)) {
            if (Files.isRegularFile(list) && Files.size(list) > 0) {
                Files.move(list, dir.resolve(command + ".classes"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            if (held == null) {
                // Another JVM has made the archive for 10 s (stopped, say): this list waits for the next.
                return;
            }
            dropOrphans(dir, ProcessHandle.current().pid());
            Files.write(classList, everyCommandsClasses(dir), StandardCharsets.UTF_8);
            List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:-UsePerfData", "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                    "-XX:SharedArchiveFile=" + archive));
            for (String option : System.getProperty(OPTIONS, "").trim().split("\\s+")) {
                if (!option.isEmpty()) {
                    line.add(option);
                }
            }
            line.addAll(List.of("-cp", dir.resolve("cli.jar").toString()));
            Process started;
            synchronized (SIGNAL) {
                if (signalled) {
                    return;
                }
                started = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                dump = started;
            }
            boolean ended = started.waitFor(DUMP_SECONDS, TimeUnit.SECONDS);
            if (ended && started.exitValue() == 0 && Files.isRegularFile(archive)) {
                try (FileChannel written = FileChannel.open(archive, StandardOpenOption.READ)) {
                    written.force(true);
                }
                Files.move(archive, dir.resolve("start.jsa"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(dir.resolve("failed"));
            } else {
                if (!ended) {
                    started.destroyForcibly();
                }
                synchronized (SIGNAL) {
                    if (!signalled) {
                        Files.move(log, dir.resolve("failed"), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(list);
            Files.deleteIfExists(classList);
            Files.deleteIfExists(archive);
            Files.deleteIfExists(log);
        }
    }

    /** Takes the directory's lock, waiting up to 10 s for another JVM's archive; null if it did not come. */
    private static FileLock lock(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + LOCK_WAIT_NANOS;
        for (;;) {
            FileLock lock = channel.tryLock();
            if (lock != null || System.nanoTime() - deadline > 0) {
                return lock;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /**
     * Returns every command's listed classes once each, without the ids one run gave them (another
     * run's would clash) and without classes of other class loaders, which need those ids.
     */
    private static List<String> everyCommandsClasses(Path dir) throws IOException {
        Set<String> lines = new LinkedHashSet<>();
        try (DirectoryStream<Path> lists = Files.newDirectoryStream(dir, "*.classes")) {
            for (Path list : lists) {
                for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                    if (!line.contains(" source: ")) {
                        lines.add(ID.matcher(line).replaceFirst(""));
                    }
                }
            }
        }
        return new ArrayList<>(lines);
    }

    /**
     * Removes what runs left half-made when their JVM was killed before it could tidy: files named
     * {@code <name>.<pid>.<list, jsa, log or partial>}, and launcher markers {@code started.<pid>},
     * whose JVM is gone.
     */
    private static void dropOrphans(Path dir, long self) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.*.{list,jsa,log,partial}")) {
            for (Path file : files) {
                String[] parts = file.getFileName().toString().split("\\.");
                if (parts.length >= 3 && isGone(parts[parts.length - 2], self)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static boolean isGone(String pid, long self) {
        if (pid.isEmpty() || !pid.chars().allMatch(Character::isDigit) || pid.length() > 18) {
            return false;
        }
        long id = Long.parseLong(pid);
        return id != self && !ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Keeps why the archive failed where the launcher looks, never printing anything. */
    private static void fail(Path dir, String why) {
        try {
            Files.writeString(dir.resolve("failed"), why + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException ignored) {
            // the launcher tries again
        }
    }
}
