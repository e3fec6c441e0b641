package com.acme.ctors;

/** Inner (non-static) classes, a local class and an anonymous class, all reading the outer object. */
public class Outer {
    public final int base;

    public Outer(int base) {
        this.base = base;
    }

    /** javac stores this$0 before super(...); the argument reads the outer object too. */
    public class Inner extends Labelled {
        public final int x;

        public Inner(int x) {
            super("inner " + (base + x));
            this.x = x;
        }

        public Inner() {
            this(-base);
        }

        /** An inner class of an inner class. */
        public class Deeper {
            public final long sum;

            public Deeper(long extra) {
                sum = base + x + extra;
            }

            @Override
            public String toString() {
                return "Deeper " + sum;
            }
        }
    }

    /** A local class capturing a parameter, a local and the outer object. */
    public Labelled local(String prefix, int n) {
        int doubled = n * 2;
        class Local extends Labelled {
            final int extra;

            Local(int extra) {
                super(prefix + (base + doubled + extra));
                this.extra = extra;
            }
        }
        return new Local(1);
    }

    /** An anonymous class capturing a local, with an argument for its superclass's constructor. */
    public Labelled anonymous(String label, long weight) {
        long twice = weight * 2;
        return new Labelled(label) {
            @Override
            public String toString() {
                return "anonymous " + label() + " " + (twice + base);
            }
        };
    }

    @Override
    public String toString() {
        return "Outer " + base;
    }
}
