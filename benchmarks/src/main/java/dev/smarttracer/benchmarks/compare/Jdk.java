package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A JDK the targets and the tools' clients run on: its home, its feature release and full version.
 *
 * @param home the JDK's home directory
 * @param feature its feature release (17, 25, ...)
 * @param version its full version, from its {@code release} file
 */
record Jdk(Path home, int feature, String version) {

    Jdk {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(version, "version");
    }

    /**
     * Reads a JDK's version from its {@code release} file.
     *
     * @throws IllegalArgumentException if the directory holds no JDK with {@code bin/jcmd}
     */
    static Jdk at(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/jcmd"))) {
            throw new IllegalArgumentException(home + " is not a JDK (no release file or bin/jcmd); pass --jdk with"
                    + " a JDK's home directory");
        }
        String version = null;
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
            }
        }
        if (version == null) {
            throw new IllegalArgumentException(release + " names no JAVA_VERSION");
        }
        int dot = version.indexOf('.');
        int feature = Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        return new Jdk(home, feature, version);
    }

    /** Returns its {@code java} launcher. */
    Path java() {
        return home.resolve("bin/java");
    }

    /** Returns its {@code jcmd}. */
    Path jcmd() {
        return home.resolve("bin/jcmd");
    }

    /** Returns how tables name it, e.g. {@code JDK 25.0.3}. */
    String label() {
        return "JDK " + version;
    }
}
