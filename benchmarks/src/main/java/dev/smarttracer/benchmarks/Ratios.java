package dev.smarttracer.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints each state of a JMH JSON result next to the baseline state of the same run: score,
 * error, difference and ratio. The baseline is the result with {@code state} {@code never} and
 * the same benchmark method and other parameters.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.Ratios hotpath.json}
 */
public final class Ratios {

    private static final Pattern RESULT = Pattern.compile(
            "\"benchmark\"\\s*:\\s*\"[\\w.]*\\.(\\w+\\.\\w+)\".*?\"params\"\\s*:\\s*\\{([^}]*)\\}.*?\"primaryMetric\"\\s*:\\s*\\{\\s*\"score\"\\s*:\\s*([0-9.Ee+-]+|\"NaN\")"
                    + "\\s*,\\s*\"scoreError\"\\s*:\\s*([0-9.Ee+-]+|\"NaN\")",
            Pattern.DOTALL);

    private static final Pattern STATE = Pattern.compile("state:(\\w+)");

    private Ratios() {
    }

    /**
     * Reads a JMH JSON file and prints the table.
     *
     * @param args the JSON file
     * @throws IOException if it cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Ratios <jmh-result.json>");
            System.exit(2);
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        Matcher m = RESULT.matcher(Files.readString(Path.of(args[0])));
        Map<String, String> states = new LinkedHashMap<>();
        while (m.find()) {
            String params = m.group(2).replaceAll("[\"\\s]", "");
            Matcher state = STATE.matcher(params);
            if (!state.find()) {
                continue;
            }
            String group = m.group(1) + " " + params.replace(state.group(), "").replaceAll("^,|,$", "").replace(",,", ",");
            scores.put(group + "|" + state.group(1), new double[] {number(m.group(3)), number(m.group(4))});
            states.put(group + "|" + state.group(1), state.group(1));
        }
        System.out.println("| benchmark | state | ns/op | error | minus baseline | ratio to baseline |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            String group = e.getKey().substring(0, e.getKey().indexOf('|'));
            double[] base = scores.get(group + "|never");
            if (base == null) {
                System.err.println("no baseline (state=never) for " + group + " in " + args[0]);
                System.exit(1);
            }
            double[] s = e.getValue();
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %.3f | ±%.3f | %+.3f | %.3f |",
                    group.trim(), states.get(e.getKey()), s[0], s[1], s[0] - base[0], s[0] / base[0]));
        }
    }

    private static double number(String text) {
        return text.startsWith("\"") ? Double.NaN : Double.parseDouble(text);
    }
}
