package com.acme.ctors;

/** A superclass taking two-slot values. */
public class Measured {
    public final long total;
    public final double scale;

    public Measured(long total, double scale) {
        this.total = total;
        this.scale = scale;
    }

    @Override
    public String toString() {
        String name = getClass().getName();
        return name.substring(name.lastIndexOf('.') + 1) + "(" + total + ", " + scale + ")";
    }
}
