package com.acme.greeting;

/**
 * The traced method: a {@code String} argument, a {@code String} result and about a microsecond of
 * arithmetic on the argument's characters in between, so a tool's cost per call shows against
 * work of a known size.
 *
 * <p>Thread-safe (stateless).
 */
public final class Greeter {

    /** Rounds over the name's characters: about 1 µs for an 11-character name on a 2.5 GHz core. */
    public static final int DEFAULT_ROUNDS = 40;

    private final int rounds;

    /** Creates a greeter with {@link #DEFAULT_ROUNDS}. */
    public Greeter() {
        this(DEFAULT_ROUNDS);
    }

    /**
     * Creates a greeter.
     *
     * @param rounds how many times to mix each character of a name (at least 1)
     */
    public Greeter(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1; got " + rounds);
        }
        this.rounds = rounds;
    }

    /**
     * Greets someone by name, with a fingerprint of the name that takes a while to compute.
     *
     * @param name who to greet (not null)
     * @return {@code "Hello, <name> #<fingerprint>"}
     */
    public String greet(String name) {
        long h = 0xcbf29ce484222325L;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < name.length(); i++) {
                // A dependent multiply chain that the JIT cannot vectorise or fold away.
                h = (h ^ name.charAt(i)) * 0x100000001b3L;
                h ^= h >>> 29;
            }
        }
        return "Hello, " + name + " #" + Long.toHexString(h);
    }
}
