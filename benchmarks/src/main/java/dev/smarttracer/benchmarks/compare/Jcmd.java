package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** Runs the target JDK's {@code jcmd} against a target and returns what it printed. */
final class Jcmd {

    private Jcmd() {
    }

    /**
     * Runs {@code jcmd <pid> <arguments...>}.
     *
     * @return its output
     * @throws IOException if it failed, timed out, or printed that the command failed
     */
    static String run(TargetJvm target, Path directory, RunLog log, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(target.jdk().jcmd().toString());
        command.add(Long.toString(target.pid()));
        command.addAll(List.of(arguments));
        StringBuilder out = new StringBuilder();
        try (Child jcmd = new Child(command, directory, "jcmd", line -> {
            synchronized (out) {
                out.append(line).append('\n');
            }
        })) {
            OptionalInt code = jcmd.await(60, TimeUnit.SECONDS);
            String text;
            synchronized (out) {
                text = out.toString().strip();
            }
            log.line("jcmd " + String.join(" ", arguments) + " -> " + text.replace('\n', ' '));
            if (code.isEmpty() || code.getAsInt() != 0 || text.contains("Exception") || text.matches(
                    "(?s).*return code: [1-9].*")) {
                throw new IOException("jcmd " + String.join(" ", arguments) + " failed: " + text);
            }
            return text;
        }
    }
}
