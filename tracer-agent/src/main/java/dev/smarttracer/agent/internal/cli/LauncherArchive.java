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
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The command line's side of the {@code smarttracer} launcher's class-data archive, in the
 * launcher's cache directory for one jar and one java (the launcher names it in
 * {@value #DIRECTORY}):
 *
 * <ul>
 *   <li>a command run for the first time (the launcher names it in {@value #LEARN}) has had its
 *       JVM list the classes it loaded ({@code -XX:DumpLoadedClassList}); once it has done its
 *       work (exit code 0), its list is kept as {@code <command>.classes} and the archive is made
 *       again from every command's list ({@code start.jsa}, by {@code java -Xshare:dump}), one JVM
 *       at a time (a lock in the directory), so that no command's classes are lost to another's
 *       archive. A command that failed teaches nothing: its list is dropped.
 *   <li>a command started from the archive checks that its JVM mapped it
 *       ({@code java.vm.info} says {@code sharing}); if not (a damaged archive, a directory moved,
 *       options that rule sharing out), the archive is dropped and why is kept in {@code failed},
 *       and the launcher runs {@code java -jar} for a day before it tries again.
 * </ul>
 *
 * <p>The launcher ends by becoming this JVM, so a signal reaches the command as it would under
 * {@code java -jar}. A signal while the archive is made ends that work, removes what it had
 * written, and exits with the command's own exit code. Nothing here ever changes what the
 * command printed or returned: every failure is kept in {@code failed}, never printed.
 */
final class LauncherArchive {

    /** The system property in which the launcher names its cache directory for this jar and java. */
    static final String DIRECTORY = "smarttracer.launcher.dir";
    /** The system property in which the launcher names the command whose classes this run lists. */
    static final String LEARN = "smarttracer.launcher.learn";
    /** The system property in which the launcher names the class list this run's JVM writes. */
    static final String LIST = "smarttracer.launcher.list";
    /** The system property that holds the launcher's extra JVM options, for the JVM that makes the archive. */
    static final String OPTIONS = "smarttracer.launcher.options";
    private static final Pattern ID = Pattern.compile(" id: \\d+$");
    private static final long DUMP_SECONDS = 120;

    private LauncherArchive() {
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
        try {
            String command = System.getProperty(LEARN);
            if (command == null) {
                checkMapped(dir);
            } else {
                learn(dir, command, Path.of(System.getProperty(LIST, dir.resolve(command + ".list").toString())),
                        exitCode);
            }
        } catch (IOException | RuntimeException | InterruptedException failure) {
            fail(dir, "the archive could not be made: " + failure);
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

    private static void learn(Path dir, String command, Path list, int exitCode)
            throws IOException, InterruptedException {
        if (exitCode != 0) {
            Files.deleteIfExists(list);
            return;
        }
        long pid = ProcessHandle.current().pid();
        Path classList = dir.resolve("all." + pid + ".list");
        Path archive = dir.resolve("start." + pid + ".jsa");
        Path log = dir.resolve("dump." + pid + ".log");
        AtomicReference<Process> dump = new AtomicReference<>();
        // A signal while the archive is made: that work goes, and the command's exit code stays.
        Thread onSignal = new Thread(() -> {
            Process running = dump.get();
            if (running != null) {
                running.destroyForcibly();
            }
            for (Path partial : List.of(list, classList, archive, log)) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // left for the next archive's tidying
                }
            }
            Runtime.getRuntime().halt(exitCode);
        }, "smarttracer-launcher-archive");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try (FileChannel lock = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lock.lock()) {
            if (Files.isRegularFile(list) && Files.size(list) > 0) {
                Files.move(list, dir.resolve(command + ".classes"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            dropOrphans(dir, pid);
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
            Process started = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            dump.set(started);
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
                Files.move(log, dir.resolve("failed"), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(list);
            Files.deleteIfExists(classList);
            Files.deleteIfExists(archive);
            Files.deleteIfExists(log);
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs, and exits with the command's code
            }
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
     * {@code <name>.<pid>.<list, jsa or log>} whose JVM is gone.
     */
    private static void dropOrphans(Path dir, long self) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.*.{list,jsa,log}")) {
            for (Path file : files) {
                String[] parts = file.getFileName().toString().split("\\.");
                if (parts.length == 3 && !parts[1].isEmpty() && parts[1].chars().allMatch(Character::isDigit)) {
                    long pid = Long.parseLong(parts[1]);
                    if (pid != self && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
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
