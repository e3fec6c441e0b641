package com.acme;

import java.util.Locale;

/** Constructors of every shape a trace of {@code #new} must handle. */
public final class Built {

    private Built() {
    }

    /** A plain constructor, and one that delegates to it with {@code this(...)}. */
    public static final class Point {
        private final int x;
        private final int y;

        public Point(int x, int y) {
            this.x = x;
            this.y = y;
        }

        public Point(int both) {
            this(both, both);
        }

        public int sum() {
            return x + y;
        }

        @Override
        public String toString() {
            return "Point(" + x + ", " + y + ")";
        }
    }

    /** A superclass that refuses an empty label, and the subclass whose super(...) throws for it. */
    public static class Checked {
        protected final String label;

        public Checked(String label) {
            if (label.isEmpty()) {
                throw new IllegalArgumentException("an empty label");
            }
            this.label = label;
        }
    }

    /** Its constructor's own call to {@code super(...)} throws for an empty label. */
    public static final class Strict extends Checked {
        public Strict(String label) {
            super(label);
        }

        public String label() {
            return label;
        }
    }

    /** A superclass taking a label. */
    public static class Labelled {
        protected final String label;

        public Labelled(String label) {
            this.label = label;
        }
    }

    /**
     * Branches and a {@code new} object before {@code super(...)}, a throw in the argument before it,
     * and a throw after it.
     */
    public static final class Tag extends Labelled {
        private final int weight;

        public Tag(String name, int weight) {
            super(name == null ? "none" : new StringBuilder(name.strip()).append('#').append(checked(weight)).toString());
            if (weight > 100) {
                throw new IllegalStateException("too heavy: " + weight);
            }
            this.weight = weight;
        }

        private static int checked(int weight) {
            if (weight < 0) {
                throw new IllegalArgumentException("negative weight " + weight);
            }
            return weight;
        }

        public String label() {
            return label.toUpperCase(Locale.ROOT) + "/" + weight;
        }
    }
}
