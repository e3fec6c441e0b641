package com.acme;

import java.util.ArrayList;
import java.util.List;

/** Argument types for snapshot tests. */
public final class Values {
    private Values() {
    }

    public static int take(Object value) {
        return value == null ? 0 : 1;
    }

    /** A plain object with a useful toString. */
    public static final class Point {
        final int x;
        final int y;

        public Point(int x, int y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public String toString() {
            return "Point(" + x + ", " + y + ")";
        }
    }

    /** A toString that throws. */
    public static final class Throwing {
        @Override
        public String toString() {
            throw new IllegalStateException("no text for you");
        }
    }

    /** A toString that never ends. */
    public static final class Recursing {
        @Override
        public String toString() {
            return "again " + this;
        }
    }

    /** A toString that returns ten megabytes. */
    public static final class Huge {
        @Override
        public String toString() {
            return "x".repeat(10 * 1024 * 1024);
        }
    }

    /** A list that contains itself. */
    public static List<Object> cycle() {
        List<Object> list = new ArrayList<>();
        list.add("head");
        list.add(list);
        return list;
    }

    public enum Color { RED, GREEN }

    /** A lambda made in this class, so its hidden class is named after it. */
    public static java.util.function.Supplier<String> supplier() {
        return () -> "x";
    }
}
