package dev.smarttracer.samples.attach;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The JDKs the attach tests run targets and command lines on: this test's own, and the other one
 * that {@code .ci/run} names with {@code -Dother.jdk=<home>} (JDK 25 when the build runs on 17, and
 * the reverse). Tests that need the other JDK are skipped, with a message, without the setting.
 */
final class Jdks {

    private Jdks() {
    }

    /** Returns this test JVM's JDK home. */
    static Path current() {
        return Path.of(System.getProperty("java.home"));
    }

    /** Returns the other JDK's home, or skips the test with a message. */
    static Path other() {
        Optional<Path> other = otherIfSet();
        assumeTrue(other.isPresent(), "no other JDK: run with -Dother.jdk=<JDK home> (.ci/run does) to test the"
                + " command line and targets across JDK 17 and 25");
        return other.get();
    }

    /** Returns the other JDK's home, if set. */
    static Optional<Path> otherIfSet() {
        String home = System.getProperty("other.jdk", "");
        if (home.isBlank() || home.startsWith("${")) {
            return Optional.empty();
        }
        Path path = Path.of(home);
        assumeTrue(Files.isExecutable(path.resolve("bin/java")), "-Dother.jdk=" + home + " has no bin/java");
        return Optional.of(path);
    }

    /** Returns a JDK of the given feature range among the two, or skips the test. */
    static Path withFeature(int atLeast, int below, String why) {
        if (feature(current()) >= atLeast && feature(current()) < below) {
            return current();
        }
        Optional<Path> other = otherIfSet();
        if (other.isPresent() && feature(other.get()) >= atLeast && feature(other.get()) < below) {
            return other.get();
        }
        assumeTrue(false, "needs a JDK from " + atLeast + " to " + (below - 1) + " (" + why + "); this one is "
                + feature(current()) + " and -Dother.jdk " + other.map(Jdks::feature).map(String::valueOf)
                        .orElse("is not set"));
        return current();
    }

    /** Returns the feature version of a JDK, e.g. 17. */
    static int feature(Path home) {
        if (home.equals(current())) {
            return Runtime.version().feature();
        }
        try {
            Process process = new ProcessBuilder(home.resolve("bin/java").toString(), "-version")
                    .redirectErrorStream(true).start();
            try {
                String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                process.waitFor(30, TimeUnit.SECONDS);
                java.util.regex.Matcher version = java.util.regex.Pattern.compile("version \"(\\d+)").matcher(text);
                return version.find() ? Integer.parseInt(version.group(1)) : 0;
            } finally {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot run " + home + "/bin/java -version", e);
        }
    }
}
