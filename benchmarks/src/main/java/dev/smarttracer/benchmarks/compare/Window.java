package dev.smarttracer.benchmarks.compare;

import java.util.HashMap;
import java.util.Map;

/**
 * What the target saw between two of its marks: calls, their rate, call-time percentiles (ns, to
 * within about 6 %), the worst time from a call's schedule to its end, and the CPU the whole target
 * process used (its workers and every tool thread inside it).
 *
 * @param from the first mark's instant ({@link System#nanoTime()}, comparable across JVMs on Linux)
 * @param to the second mark's instant
 */
record Window(long from, long to, long calls, double seconds, double rate, long skipped, long cpuNanos, long p50,
        long p90, long p99, long p999, long max, long lateP99, long lateMax) {

    /** Parses the {@code key=value} words of a target's {@code report} line. */
    static Window parse(long from, long to, String line) {
        Map<String, String> values = new HashMap<>();
        for (String word : line.split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                values.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        if (values.containsKey("error") || !values.containsKey("calls")) {
            throw new IllegalStateException("the target could not report a window: " + line);
        }
        return new Window(from, to, Long.parseLong(values.get("calls")), Double.parseDouble(values.get("seconds")),
                Double.parseDouble(values.get("rate")), Long.parseLong(values.get("skipped")),
                Long.parseLong(values.get("cpu")), Long.parseLong(values.get("p50")),
                Long.parseLong(values.get("p90")), Long.parseLong(values.get("p99")),
                Long.parseLong(values.get("p999")), Long.parseLong(values.get("max")),
                Long.parseLong(values.get("late_p99")), Long.parseLong(values.get("late_max")));
    }

    /** Returns the target's CPU time per call in this window, in ns. */
    double cpuPerCall() {
        return calls == 0 ? Double.NaN : (double) cpuNanos / calls;
    }
}
