package com.acme.ctors;

/** Throws in {@code super(...)}'s argument, explicit and implicit, and a throw after it. */
public class Tag extends Labelled {
    public final int weight;

    public Tag(String name, int weight) {
        super(name == null ? "none" : name.strip() + "#" + checked(weight));
        if (weight > 100) {
            throw new IllegalStateException("too heavy: " + weight);
        }
        this.weight = weight;
    }

    /** Implicit throws in the argument: a division by zero, a null array, an index out of bounds. */
    public Tag(int[] parts, int divisor) {
        super(String.valueOf(parts[0] / divisor));
        this.weight = parts.length;
    }

    static int checked(int weight) {
        if (weight < 0) {
            throw new IllegalArgumentException("negative weight " + weight);
        }
        return weight;
    }

    @Override
    public String toString() {
        return super.toString() + "/" + weight;
    }
}
