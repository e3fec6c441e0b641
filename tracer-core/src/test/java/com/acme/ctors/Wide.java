package com.acme.ctors;

/** Long and double parameters (two slots each), mixed with one-slot ones, passed on to super(...). */
public class Wide extends Measured {
    public final float f;

    public Wide(long a, double b, int c, long d, float e, double f) {
        super(a + (long) b + c + d, f * 2);
        this.f = e;
    }

    public Wide(double only) {
        this((long) only, only, 1, -1L, (float) only, only / 2);
    }

    @Override
    public String toString() {
        return super.toString() + "/" + f;
    }
}
