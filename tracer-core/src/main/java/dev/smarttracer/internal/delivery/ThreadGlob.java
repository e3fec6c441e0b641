package dev.smarttracer.internal.delivery;

/**
 * A glob on a thread's name ({@code *} any characters, {@code ?} exactly one, anything else
 * itself), matched on the calling thread without allocating: a regular expression's matcher
 * would cost every call an object. Immutable and thread-safe.
 */
final class ThreadGlob {

    private final String glob;

    ThreadGlob(String glob) {
        this.glob = glob;
    }

    /**
     * Tells whether the whole name matches: the classic two-cursor walk, which returns to the
     * last {@code *} and lets it take one more character when the rest does not match.
     */
    boolean matches(String name) {
        int g = 0;
        int n = 0;
        int star = -1;
        int starAt = 0;
        while (n < name.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || (glob.charAt(g) != '*' && glob.charAt(g) == name.charAt(n)))) {
                g++;
                n++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                starAt = n;
            } else if (star >= 0) {
                g = star + 1;
                n = ++starAt;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    @Override
    public String toString() {
        return glob;
    }
}
