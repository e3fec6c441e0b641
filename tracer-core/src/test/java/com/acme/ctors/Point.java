package com.acme.ctors;

/** Constructors delegating with {@code this(...)} on computed arguments. */
public final class Point {
    public final int x;
    public final int y;

    public Point(int x, int y) {
        this.x = x;
        this.y = y;
    }

    public Point(String csv) {
        this(Integer.parseInt(csv.substring(0, csv.indexOf(',')).strip()),
                Integer.parseInt(csv.substring(csv.indexOf(',') + 1).strip()));
    }

    /** A switch expression with a loop in the first argument. */
    public Point(int[] xs) {
        this(switch (xs.length) {
            case 0 -> 0;
            default -> {
                int sum = 0;
                for (int v : xs) {
                    sum += v;
                }
                yield sum;
            }
        }, xs.length);
    }

    public Point(Point p, boolean mirrored) {
        this(mirrored ? p.y : p.x, mirrored ? p.x : p.y);
    }

    @Override
    public String toString() {
        return "Point(" + x + ", " + y + ")";
    }
}
