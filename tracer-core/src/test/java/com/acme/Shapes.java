package com.acme;

/** Methods without a body, and an inherited method, for refusals. */
public final class Shapes {
    private Shapes() {
    }

    /** An abstract base. */
    public abstract static class Shape {
        public abstract double area();

        public String describe() {
            return "shape of area " + area();
        }
    }

    /** A concrete subclass that inherits describe(). */
    public static final class Square extends Shape {
        private final double side;

        public Square(double side) {
            this.side = side;
        }

        @Override
        public double area() {
            return side * side;
        }
    }

    /** A class with a native method that is never called. */
    public static final class Native {
        public static native long ticks();
    }
}
