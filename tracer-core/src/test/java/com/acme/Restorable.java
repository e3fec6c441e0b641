package com.acme;

/** A class whose restore a test makes fail for a while. */
public final class Restorable {
    private Restorable() {
    }

    public static int twice(int value) {
        return 2 * value;
    }
}
