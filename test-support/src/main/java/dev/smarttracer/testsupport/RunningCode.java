package dev.smarttracer.testsupport;

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
 * The code of classes as a live JVM runs it now: the JDK's serviceability agent ({@code jhsdb}) dumps the
 * classes from the running JVM, and javap lists each method's instructions. A retransformation hands
 * transformers the original class file, so only this shows whether probe code is still there.
 *
 * <p>Stateless; each call starts and ends its own processes.
 */
public final class RunningCode {

    private static final String BRIDGE = "dev/smarttracer/bridge/v1/Bridge";
    private static final long JAVAP_SECONDS = 60;

    private RunningCode() {
    }

    /** Returns this JDK's jhsdb, or {@code null} if it has none. */
    public static Path jhsdb() {
        Path jhsdb = Path.of(System.getProperty("java.home"), "bin", "jhsdb");
        return Files.isExecutable(jhsdb) ? jhsdb : null;
    }

    /**
     * Dumps the classes as they run in the JVM {@code pid} into {@code out} and returns, by class name,
     * each method's instructions as {@link #code} lists them.
     *
     * <p>One serviceability agent session lists the classes and dumps each by the address listed: once a
     * running method's old code was kept by a redefinition, clhsdb no longer finds the class by name,
     * though it lists it.
     *
     * @throws AssertionError if jhsdb or javap fails, or a class is not listed or not dumped
     * @throws IOException if a process cannot be started or its output read
     * @throws InterruptedException if interrupted while waiting for one
     */
    public static Map<String, Map<String, List<String>>> dump(Path jhsdb, long pid, Path out, List<String> classNames)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        try (Clhsdb sa = Clhsdb.attach(jhsdb, pid)) {
            String listed = sa.run("classes");
            for (String className : classNames) {
                String address = listed.lines().filter(line -> line.startsWith(className.replace('.', '/') + " @"))
                        .map(line -> line.substring(line.indexOf('@') + 1).trim()).findFirst()
                        .orElseThrow(() -> new AssertionError("jhsdb does not list " + className + " in the JVM "
                                + pid + "; it printed: " + sa.output()));
                sa.run("dumpclass " + address + " " + out);
                if (!Files.exists(classFile(out, className))) {
                    throw new AssertionError("jhsdb did not dump " + className + " at " + address + "; it printed: "
                            + sa.output());
                }
            }
        }
        List<Path> classFiles = classNames.stream().map(className -> classFile(out, className)).toList();
        List<Map<String, List<String>>> code = code(classFiles);
        Map<String, Map<String, List<String>>> classes = new LinkedHashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            classes.put(classNames.get(i), code.get(i));
        }
        return classes;
    }

    /** Returns the methods whose code calls the bridge, by their javap declarations. */
    public static List<String> callingBridge(Map<String, List<String>> code) {
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
     *
     * @throws AssertionError if javap fails or does not list one class per file
     * @throws IOException if javap cannot be started or its output read
     * @throws InterruptedException if interrupted while waiting for it
     */
    public static List<Map<String, List<String>>> code(List<Path> classFiles) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "javap").toString(), "-c", "-p"));
        classFiles.forEach(classFile -> command.add(classFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text;
        try {
            text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(JAVAP_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("javap did not finish in " + JAVAP_SECONDS + " s: " + text);
            }
        } finally {
            process.destroyForcibly();
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("javap exited with " + process.exitValue() + ": " + text);
        }
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
        if (classes.size() != classFiles.size()) {
            throw new AssertionError("javap listed " + classes.size() + " classes for " + classFiles.size()
                    + " class files: " + text);
        }
        return classes;
    }

    private static Path classFile(Path out, String className) {
        return out.resolve(className.replace('.', '/') + ".class");
    }
}
