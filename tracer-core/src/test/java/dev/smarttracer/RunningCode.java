package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The code of classes as a live JVM runs it now: the JDK's serviceability agent dumps the classes from
 * the running JVM, and javap lists each method's instructions. A retransformation hands transformers the
 * original class file, so only this shows whether probe code is still there.
 */
final class RunningCode {

    private static final String BRIDGE = "dev/smarttracer/bridge/v1/Bridge";

    private RunningCode() {
    }

    /** Returns this JDK's jhsdb, or {@code null} if it has none. */
    static Path jhsdb() {
        Path jhsdb = Path.of(System.getProperty("java.home"), "bin", "jhsdb");
        return Files.isExecutable(jhsdb) ? jhsdb : null;
    }

    /**
     * Dumps the classes as they run in the JVM {@code pid} (one serviceability agent session for all) and
     * returns, by class name, each method's instructions as {@link #code} lists them.
     */
    static Map<String, Map<String, List<String>>> dump(Path jhsdb, long pid, Path out, List<String> classNames)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        StringBuilder commands = new StringBuilder();
        for (String className : classNames) {
            commands.append("dumpclass ").append(className).append(' ').append(out).append('\n');
        }
        commands.append("quit\n");
        Process sa = new ProcessBuilder(jhsdb.toString(), "clhsdb", "--pid", Long.toString(pid))
                .redirectErrorStream(true).start();
        String output;
        try {
            sa.getOutputStream().write(commands.toString().getBytes(StandardCharsets.UTF_8));
            sa.getOutputStream().close();
            output = new String(sa.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sa.waitFor(120, TimeUnit.SECONDS)).as("jhsdb finished").isTrue();
        } finally {
            sa.destroyForcibly();
        }
        List<Path> classFiles = new ArrayList<>();
        for (String className : classNames) {
            Path classFile = out.resolve(className.replace('.', '/') + ".class");
            assertThat(classFile).as("jhsdb wrote " + className + "; its output: " + output).exists();
            classFiles.add(classFile);
        }
        List<Map<String, List<String>>> code = code(classFiles);
        Map<String, Map<String, List<String>>> classes = new LinkedHashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            classes.put(classNames.get(i), code.get(i));
        }
        return classes;
    }

    /** Returns the methods whose code calls the bridge, by their javap declarations. */
    static List<String> callingBridge(Map<String, List<String>> code) {
        return code.entrySet().stream()
                .filter(method -> method.getValue().stream().anyMatch(insn -> insn.contains(BRIDGE)))
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Lists each method's instructions as javap prints them, without constant-pool indexes, for each class
     * file in order (one javap for all). A redefined class keeps old constant-pool entries for frames still
     * running the old code, so the raw bytes of a restored class differ from the original; its methods'
     * code does not.
     */
    static List<Map<String, List<String>>> code(List<Path> classFiles) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "javap").toString(), "-c", "-p"));
        classFiles.forEach(classFile -> command.add(classFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text;
        try {
            text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("javap: " + text).isZero();
        List<Map<String, List<String>>> classes = new ArrayList<>();
        Map<String, List<String>> methods = null;
        List<String> current = null;
        for (String line : text.split("\\R")) {
            if (!line.startsWith(" ") && line.endsWith("{")) {
                // A class's declaration: javap prints the classes in the order given.
                methods = new TreeMap<>();
                classes.add(methods);
                current = null;
            } else if (methods != null && line.startsWith("  ") && !line.startsWith("   ") && line.endsWith(";")) {
                current = new ArrayList<>();
                methods.put(line.trim(), current);
            } else if (current != null && line.matches("\\s+\\d+: .*")) {
                current.add(line.replaceAll("#\\d+(,\\d+)?", "#").trim());
            }
        }
        assertThat(classes).as("one class per file in javap's output").hasSize(classFiles.size());
        return classes;
    }
}
