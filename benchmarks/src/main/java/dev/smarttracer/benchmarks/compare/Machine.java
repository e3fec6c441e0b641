package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Describes the machine a run took place on: CPU model, cores, memory, load. */
final class Machine {

    private Machine() {
    }

    /** Returns one line: CPU model, online cores, memory, and the 1-minute load average. */
    static String describe() {
        String model = "unknown CPU";
        String memory = "? GiB";
        String load = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    memory = Math.round(kib / 1048576.0) + " GiB";
                    break;
                }
            }
            List<String> loadavg = Files.readAllLines(Path.of("/proc/loadavg"));
            load = loadavg.get(0).split(" ")[0];
        } catch (IOException | RuntimeException unreadable) {
            // keep what was read
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memory
                + ", load average " + load;
    }
}
