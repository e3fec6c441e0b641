package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code smarttracer} launcher, as the build leaves it beside {@code smarttracer.jar}: a command
 * it has not run before runs as {@code java -jar} would and leaves a class-data archive; the next
 * starts from that archive and prints the same; a damaged archive, a missing jar or java, another
 * JDK are each met as a user would want.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class LauncherIT {

    private static final String PRICE = "com.acme.shop.Pricing#price";

    @TempDir
    static Path cache;
    /** Where the launched commands run: a JVM that dies leaves its error report there. */
    @TempDir
    static Path workingDirectory;
    private static Target target;
    private static String pid;

    @BeforeAll
    static void startTarget() throws Exception {
        target = Target.start("-javaagent:" + Cli.agentJar());
        pid = Long.toString(target.pid());
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    @Order(1)
    void theFirstCommand_runsAsJavaJar_thenWritesTheJarOfClassesForTheNext() throws Exception {
        Cli.Result first = launch(Map.of(), "trace", pid, PRICE, "2", "--return");

        assertTwoCallsTraced(first);
        try (Stream<Path> files = Files.list(onlyCacheDirectory())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("the jar and what it was made from, nothing half-made")
                    .containsExactlyInAnyOrder("cli.jar", "source");
        }
    }

    @Test
    @Order(2)
    void aCommandRunTheFirstTimeFromThatJar_printsTheSame_andLeavesAnArchiveOfItsClasses() throws Exception {
        Cli.Result learning = launch(Map.of(), "trace", pid, PRICE, "2", "--return");

        assertTwoCallsTraced(learning);
        Path dir = onlyCacheDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("the trace command's class list and the archive besides, nothing half-made")
                    .containsExactlyInAnyOrder("cli.jar", "source", "lock", "trace.classes", "start.jsa");
        }
        assertThat(Files.readAllLines(dir.resolve("trace.classes")))
                .anyMatch(line -> line.matches("dev/smarttracer/agent/internal/cli/TraceCommand( id: \\d+)?"));
    }

    @Test
    @Order(3)
    void theNextStartsFromTheArchive_andPrintsTheSame(@TempDir Path logs) throws Exception {
        Path classLog = logs.resolve("classes.log");
        // -Xshare:on makes a JVM that cannot map the archive fail instead of passing it over.
        Cli.Result again = launch(Map.of("SMARTTRACER_JAVA_OPTIONS", "-Xshare:on -Xlog:class+load:file=" + classLog),
                "trace", pid, PRICE, "2", "--return");

        assertTwoCallsTraced(again);
        assertThat(Files.readAllLines(classLog))
                .anyMatch(line -> line.contains(" dev.smarttracer.agent.internal.cli.TraceCommand source: shared objects"))
                .anyMatch(line -> line.contains(" dev.smarttracer.agent.internal.cli.SmartTracerCli source: shared objects"))
                .as("picocli's Java 5 classes, written as Java 8 ones, are in the archive on every JDK")
                .anyMatch(line -> line.contains(" dev.smarttracer.shaded.picocli.CommandLine source: shared objects"));
    }

    @Test
    @Order(4)
    void anotherCommand_addsItsClassesToTheArchive() throws Exception {
        Cli.Result status = launch(Map.of(), "status", pid);

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout()).anyMatch(line -> line.startsWith("active traces: "));
        Path dir = onlyCacheDirectory();
        assertThat(dir.resolve("status.classes")).exists();
        assertThat(dir.resolve("failed")).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("status.classes")))
                .anyMatch(line -> line.matches("dev/smarttracer/agent/internal/cli/StatusCommand( id: \\d+)?"));
    }

    @Test
    @Order(5)
    void aDamagedArchive_isPassedOverInSilence_thenDropped_andTheNextCommandRunsAsJavaJar() throws Exception {
        Path dir = onlyCacheDirectory();
        Path archive = dir.resolve("start.jsa");
        Files.delete(archive);
        Files.write(archive, "not an archive".getBytes(StandardCharsets.US_ASCII));

        Cli.Result result = launch(Map.of(), "trace", pid, PRICE, "2", "--return");

        assertTwoCallsTraced(result);
        assertThat(result.stderr()).as(result.toString()).isEmpty();
        assertThat(archive).as("an archive its JVM could not map is dropped").doesNotExist();
        assertThat(dir.resolve("failed")).content().contains("did not map the archive start.jsa");

        Cli.Result next = launch(Map.of("SMARTTRACER_JAVA_OPTIONS", "-Xlog:class+load:file=" + dir.resolve("next.log")),
                "trace", pid, PRICE, "2", "--return");
        assertTwoCallsTraced(next);
        assertThat(Files.readAllLines(dir.resolve("next.log")))
                .as("java -jar: the command line's classes come from smarttracer.jar, through its own loader")
                .anyMatch(line -> line.matches(".* dev\\.smarttracer\\.agent\\.internal\\.cli\\.TraceCommand source: file:/.*"
                        + "/smarttracer\\.jar"))
                .noneMatch(line -> line.contains("cli.jar"));
        Files.delete(dir.resolve("next.log"));
        Files.delete(dir.resolve("failed"));
    }

    @Test
    @Order(6)
    void anArchiveThatCrashesItsJvm_crashesOneCommand_thenTheLauncherRunsJavaJar() throws Exception {
        Path dir = onlyCacheDirectory();
        assertThat(launch(Map.of(), "status", pid).exitCode()).isZero();
        assertThat(dir.resolve("start.jsa")).as("made again after the trace command learned").exists();
        Path archive = dir.resolve("start.jsa");
        byte[] bytes = Files.readAllBytes(archive);
        // Zeros over its data, past its header: the JVM maps it and dies on what it reads.
        java.util.Arrays.fill(bytes, 4096 * 1000, Math.min(bytes.length, 4096 * 1010), (byte) 0);
        Files.delete(archive);
        Files.write(archive, bytes);

        Cli.Result crashed = launch(Map.of(), "status", pid);
        assertThat(crashed.exitCode()).as("this JVM dies: nothing can catch it").isNotZero();
        Cli.Result next = launch(Map.of(), "status", pid);

        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.stdout()).anyMatch(line -> line.startsWith("active traces: "));
        assertThat(next.stderr()).as(next.toString()).isEmpty();
        assertThat(archive).doesNotExist();
        assertThat(dir.resolve("failed")).content().contains("died (a damaged archive?)");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.startsWith("started."));
        }
        Files.delete(dir.resolve("failed"));
    }

    @Test
    @Order(7)
    void aCommandThatLearns_isTheJvmItself_soASignalEndsItAsJavaJarWould() throws Exception {
        Path dir = onlyCacheDirectory();
        assertThat(dir.resolve("start.jsa")).as("no archive: the next trace learns again").doesNotExist();
        Process process = launcher(Map.of(), "trace", pid, PRICE, "1000000")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.contains("is being called with"));
            assertThat(line).as("the trace streams").isNotNull();
            assertThat(process.info().command()).as("the launcher became the command's JVM").hasValueSatisfying(
                    command -> assertThat(command).endsWith("/java"));

            process.toHandle().destroy();
            String last = line;
            while ((line = out.readLine()) != null) {
                last = line;
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("SIGTERM, as java -jar exits on it").isEqualTo(143);
            assertThat(last).startsWith("Interrupted: ");
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        Cli.Result status = Cli.run("status", pid);
        assertThat(status.stdout()).as(status.toString()).contains("active traces: none");
    }

    @Test
    @Order(8)
    void anotherJdk_getsAnArchiveOfItsOwn() throws Exception {
        Path other = Jdks.other();
        Path dir = onlyCacheDirectory();
        Map<String, String> otherJdk = Map.of("JAVA_HOME", other.toString());
        assertTwoCallsTraced(launch(otherJdk, "trace", pid, PRICE, "2", "--return"));
        assertTwoCallsTraced(launch(otherJdk, "trace", pid, PRICE, "2", "--return"));
        Cli.Result fromItsArchive = launch(Map.of("JAVA_HOME", other.toString(), "SMARTTRACER_JAVA_OPTIONS", "-Xshare:on"),
                "trace", pid, PRICE, "2", "--return");
        assertTwoCallsTraced(fromItsArchive);

        try (Stream<Path> dirs = Files.list(cache)) {
            assertThat(dirs.filter(each -> !each.equals(dir))).as("a directory for the other JDK, beside this one's")
                    .singleElement().satisfies(each -> assertThat(each.resolve("start.jsa")).exists());
        }
    }

    @Test
    void aNewDirectory_removesThoseOfWhatWasAtItsPathsBefore_andOfJarsThatAreGone(@TempDir Path ownCache)
            throws Exception {
        String jar = launcher().toRealPath().resolveSibling("smarttracer.jar").toRealPath().toString();
        String java = Jdks.current().resolve("bin/java").toRealPath().toString();
        Path anotherJar = Files.createFile(ownCache.resolve("another-smarttracer.jar"));
        // Named as the launcher names its directories: the jar's and the JDK's size, time and inode.
        Path replaced = source(ownCache.resolve("1-2.0-3_4-5.0-6_"), jar, java);
        Path gone = source(ownCache.resolve("7-8.0-9_4-5.0-6_"), ownCache.resolve("deleted/smarttracer.jar").toString(), java);
        Path kept = source(ownCache.resolve("10-11.0-12_4-5.0-6_"), anotherJar.toString(), java);
        Path notOurs = source(ownCache.resolve("my-project"), ownCache.resolve("deleted/smarttracer.jar").toString(), java);

        // status, not jvms: jvms connects to every JVM of the machine, the targets of other tests too.
        Cli.Result status = launch(Map.of("SMARTTRACER_CACHE", ownCache.toString()), "status", pid);

        assertThat(status.exitCode()).as(status.toString()).isZero();
        try (Stream<Path> dirs = Files.list(ownCache)) {
            assertThat(dirs.filter(Files::isDirectory).filter(dir -> !dir.equals(kept)))
                    .as("the replaced jar's and the deleted jar's directories are gone; the new one is there")
                    .filteredOn(dir -> !dir.equals(notOurs))
                    .singleElement().satisfies(dir -> assertThat(dir.resolve("cli.jar")).exists());
        }
        assertThat(replaced).doesNotExist();
        assertThat(gone).doesNotExist();
        assertThat(kept.resolve("source")).exists();
        assertThat(notOurs.resolve("source")).as("a directory the launcher did not name is never removed").exists();
    }

    private static Path source(Path dir, String jar, String java) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("source"), jar + "\n" + java + "\n");
        return dir;
    }

    @Test
    void helpAndUsageErrors_areNotLearnedFrom_theyLoadTooFewClasses(@TempDir Path ownCache) throws Exception {
        Map<String, String> environment = Map.of("SMARTTRACER_CACHE", ownCache.toString());
        Cli.Result help = launch(environment, "trace", "--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.stdout()).anyMatch(line -> line.startsWith("Usage: smarttracer trace"));
        Cli.Result usage = launch(environment, "trace", "--no-such-option");
        assertThat(usage.exitCode()).as(usage.toString()).isEqualTo(2);
        assertThat(usage.stderr()).startsWith("smarttracer trace: ").contains("; see smarttracer trace --help");

        try (Stream<Path> files = Files.walk(ownCache)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".classes") || name.endsWith(".jsa") || name.contains(".list"));
        }
    }

    @Test
    void aMissingJarOrJava_isOneLineThatSaysWhatToDo(@TempDir Path empty) throws Exception {
        Cli.Result noJar = launch(Map.of("SMARTTRACER_JAR", empty.resolve("smarttracer.jar").toString()), "jvms");
        assertThat(noJar.exitCode()).as(noJar.toString()).isEqualTo(2);
        assertThat(noJar.stderr()).as(noJar.toString()).startsWith("smarttracer: " + empty.resolve("smarttracer.jar")
                + " not found; build it with ./mvnw -q -DskipTests package, or set SMARTTRACER_JAR").hasLineCount(1);

        Cli.Result noJava = launch(Map.of("JAVA_HOME", empty.toString()), "jvms");
        assertThat(noJava.exitCode()).as(noJava.toString()).isEqualTo(2);
        assertThat(noJava.stderr()).as(noJava.toString()).isEqualTo("smarttracer: " + empty.resolve("bin/java")
                + " is not an executable java; set JAVA_HOME to a JDK 17 or later\n");
    }

    /** Two calls, two returns and the summary, and nothing else: no word from the JVM about its archive. */
    private static void assertTwoCallsTraced(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).hasSize(5);
        assertThat(result.linesWith("com.acme.shop.Pricing.price/3 is being called with: [")).as(result.toString())
                .hasSize(2);
        assertThat(result.linesWith("com.acme.shop.Pricing.price/3 returns: ")).as(result.toString()).hasSize(2);
        assertThat(result.stdout().get(result.stdout().size() - 1)).startsWith("Limit reached: 2 calls; detached in");
    }

    private static Path onlyCacheDirectory() throws IOException {
        try (Stream<Path> dirs = Files.list(cache)) {
            List<Path> all = dirs.toList();
            assertThat(all).as("one directory for this jar and this JDK").hasSize(1);
            return all.get(0);
        }
    }

    private static Path launcher() {
        Path launcher = Path.of(System.getProperty("launcher", "../tracer-agent/target/smarttracer"));
        assertThat(launcher).as("the launcher, built by ./mvnw verify beside smarttracer.jar").isExecutable();
        return launcher;
    }

    /** The launcher with its arguments, this test's JDK and cache, and extra environment. */
    private static ProcessBuilder launcher(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().put("JAVA_HOME", Jdks.current().toString());
        builder.environment().put("SMARTTRACER_CACHE", cache.toString());
        builder.environment().remove("SMARTTRACER_JAVA_OPTIONS");
        builder.environment().putAll(environment);
        return builder;
    }

    /** Runs the launcher to its end (at most 90 s) with this test's JDK and cache, and extra environment. */
    private static Cli.Result launch(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder builder = launcher(environment, args);
        Path out = Files.createTempFile("smarttracer-launcher-", ".out");
        Path err = Files.createTempFile("smarttracer-launcher-", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the launcher finished within 90 s").isTrue();
            return new Cli.Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            // The launcher's JVM is its child: both go.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
