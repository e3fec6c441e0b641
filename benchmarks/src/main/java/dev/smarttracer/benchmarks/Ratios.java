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
 * error, difference and ratio, per benchmark method. The baseline is the {@code state} parameter
 * value {@code never} of the same method.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.Ratios hotpath.json}
 */
public final class Ratios {

    private static final Pattern RESULT = Pattern.compile(
            "\"benchmark\"\\s*:\\s*\"[\\w.]*\\.(\\w+)\".*?\"state\"\\s*:\\s*\"(\\w+)\".*?\"primaryMetric\"\\s*:\\s*\\{\\s*\"score\"\\s*:\\s*([0-9.Ee+-]+|\"NaN\")"
                    + "\\s*,\\s*\"scoreError\"\\s*:\\s*([0-9.Ee+-]+|\"NaN\")",
            Pattern.DOTALL);

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
        while (m.find()) {
            scores.put(m.group(1) + " " + m.group(2), new double[] {number(m.group(3)), number(m.group(4))});
        }
        System.out.println("| benchmark | state | ns/op | error | minus baseline | ratio to baseline |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            String method = e.getKey().substring(0, e.getKey().indexOf(' '));
            double[] base = scores.get(method + " never");
            if (base == null) {
                System.err.println("no baseline (state=never) for " + method + " in " + args[0]);
                System.exit(1);
            }
            double[] s = e.getValue();
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %.3f | ±%.3f | %+.3f | %.3f |",
                    method, e.getKey().substring(method.length() + 1), s[0], s[1], s[0] - base[0], s[0] / base[0]));
        }
    }

    private static double number(String text) {
        return text.startsWith("\"") ? Double.NaN : Double.parseDouble(text);
    }
}
