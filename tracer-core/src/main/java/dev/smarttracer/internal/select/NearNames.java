package dev.smarttracer.internal.select;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Finds the names closest to a misspelt one, for error messages. Stateless. */
final class NearNames {

    private NearNames() {
    }

    /**
     * Returns up to {@code max} distinct candidates ordered by edit distance to {@code wanted},
     * keeping only plausible ones (a shared prefix, containment or a small distance).
     */
    static List<String> closest(String wanted, Collection<String> candidates, int max) {
        String target = wanted.toLowerCase(Locale.ROOT);
        return candidates.stream()
                .distinct()
                .filter(c -> plausible(target, c.toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparingInt((String c) -> distance(target, c.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(max)
                .toList();
    }

    /** Formats {@code " Did you mean: a, b?"} or an empty string. */
    static String suggestion(List<String> names) {
        return names.isEmpty() ? "" : " Did you mean: " + String.join(", ", names) + "?";
    }

    private static boolean plausible(String wanted, String candidate) {
        return candidate.contains(wanted) || wanted.contains(candidate)
                || distance(wanted, candidate) <= Math.max(2, wanted.length() / 3);
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
