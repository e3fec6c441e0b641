package com.acme;

import dev.smarttracer.Scope;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A JVM that traces every method of a few large JDK classes in turn, so that their woven code is checked by
 * the verifier (run it with {@code -XX:+BytecodeVerificationLocal}, which the JDK's own classes otherwise
 * skip), and runs code that uses them traced and untraced. The patterns come comma-separated in the system
 * property {@code patterns}. Prints, per pattern,
 * {@code OK pattern calls} when the work's result was the same and calls were delivered, or
 * {@code FAIL pattern why}; then {@code DONE}.
 */
public final class JdkWeavingChild {
    private JdkWeavingChild() {
    }

    public static void main(String[] args) throws Exception {
        String expected = work();
        for (String pattern : System.getProperty("patterns").split(",")) {
            AtomicLong calls = new AtomicLong();
            try {
                Trace trace = SmartTracer.trace(pattern, 1_000_000, TraceOptions.defaults().allowJdkClasses(true)
                        .scope(Scope.LOCAL).returns(true).handler(call -> calls.incrementAndGet()));
                String traced = work();
                trace.close();
                if (!trace.awaitCompleted(Duration.ofSeconds(30))) {
                    System.out.println("FAIL " + pattern + " never completed: " + trace);
                } else if (!traced.equals(expected)) {
                    System.out.println("FAIL " + pattern + " changed the result: " + traced + " instead of " + expected);
                } else {
                    System.out.println("OK " + pattern + " " + calls.get());
                }
            } catch (Throwable failure) {
                StringBuilder why = new StringBuilder().append(failure);
                for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
                    why.append(" <- ").append(cause);
                }
                System.out.println("FAIL " + pattern + " " + why);
            }
        }
        System.out.println("DONE");
    }

    private static String work() {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            map.merge("k" + i % 50, i, Integer::sum);
        }
        TreeMap<String, Integer> sorted = new TreeMap<>(map);
        List<Integer> values = new ArrayList<>(sorted.headMap("k3").values());
        values.sort(null);
        Map<Integer, Long> byRest = new ConcurrentHashMap<>(values.stream()
                .collect(Collectors.groupingBy(v -> v % 7, Collectors.counting())));
        boolean matches = Pattern.compile("a(b|c)*d+").matcher("abcbcddd").matches();
        String formatted = String.format("%05d|%-4s|%.3f|%x", 42, "ab", Math.PI, 255);
        BigInteger power = new BigInteger("123456789012345678901234567890").pow(3).mod(BigInteger.valueOf(1_000_003));
        return sorted.firstKey() + " " + values + " " + new TreeMap<>(byRest) + " " + matches + " " + formatted + " "
                + power;
    }
}
