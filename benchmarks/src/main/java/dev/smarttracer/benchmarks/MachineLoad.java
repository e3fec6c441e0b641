package dev.smarttracer.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time the whole machine has spent busy so far, from Linux's {@code /proc/stat}, so a
 * harness can tell how much of it went to processes other than the one it measures.
 */
final class MachineLoad {

    private static final Path STAT = Path.of("/proc/stat");

    private MachineLoad() {
    }

    /**
     * Returns the nanoseconds all CPUs have spent busy (everything but idle and iowait) since
     * boot, or -1 where {@code /proc/stat} cannot be read.
     */
    static long busyNanos() {
        try {
            String cpu = Files.readAllLines(STAT).get(0);
            String[] fields = cpu.trim().split("\\s+");
            long busy = 0;
            // user nice system idle iowait irq softirq steal (guest time is already in user)
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            // USER_HZ is 100 on every Linux this runs on.
            return busy * 10_000_000L;
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }
}
