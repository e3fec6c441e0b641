package com.acme.ctors;

import java.util.Arrays;

/** Thirteen parameters of every kind: the entry code boxes each from its own slot. */
public class Many extends Measured {
    public final String all;

    public Many(boolean z, byte b, char c, short s, int i, long j, float f, double d, String str, int[] ints,
            Object o, long j2, double d2) {
        super(j + j2 + i, d + d2);
        all = z + " " + b + " " + c + " " + s + " " + i + " " + j + " " + f + " " + d + " " + str + " "
                + Arrays.toString(ints) + " " + o + " " + j2 + " " + d2;
    }

    @Override
    public String toString() {
        return super.toString() + " " + all;
    }
}
