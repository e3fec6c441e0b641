package dev.smarttracer.benchmarks;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code first-trace key=value ...} line a {@link FirstTraceProbe} prints, read back.
 *
 * @param values the values by key, in the order printed
 */
record ProbeResult(Map<String, String> values) {

    ProbeResult {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Parses a result line. */
    static ProbeResult parse(String line) {
        if (!line.startsWith(FirstTraceProbe.RESULT)) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : line.substring(FirstTraceProbe.RESULT.length()).trim().split(" ")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed pair '" + pair + "' in " + line);
            }
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new ProbeResult(values);
    }

    /** Returns a value, or {@code -} if the probe did not report it. */
    String get(String key) {
        return values.getOrDefault(key, "-");
    }

    /** Returns a number, or NaN if absent or not a number. */
    double number(String key) {
        try {
            return Double.parseDouble(values.get(key));
        } catch (NullPointerException | NumberFormatException notANumber) {
            return Double.NaN;
        }
    }

    /** Returns a comma-separated list of numbers, empty if absent. */
    double[] numbers(String key) {
        String list = values.get(key);
        if (list == null || list.isEmpty()) {
            return new double[0];
        }
        return Arrays.stream(list.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** Returns the Java feature version the probe ran on, for instance 17. */
    String javaFeature() {
        String version = get("java");
        int dot = version.indexOf('.');
        return dot > 0 ? version.substring(0, dot) : version;
    }
}
