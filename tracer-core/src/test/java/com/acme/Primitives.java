package com.acme;

/** Methods taking and returning every primitive type, so that woven advice boxes each one. */
public final class Primitives {
    private Primitives() {
    }

    public static int ints(int a, long b, short c, byte d, char e, boolean f, float g, double h) {
        return 1;
    }

    public static long longs() {
        return 1L;
    }

    public static short shorts() {
        return 1;
    }

    public static byte bytes() {
        return 1;
    }

    public static char chars() {
        return 'c';
    }

    public static boolean booleans() {
        return true;
    }

    public static float floats() {
        return 1f;
    }

    public static double doubles() {
        return 1d;
    }

    public static void none() {
    }
}
