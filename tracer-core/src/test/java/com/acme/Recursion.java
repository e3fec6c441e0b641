package com.acme;

/** Recursion without end, to trace down to a {@link StackOverflowError}. */
public final class Recursion {

    private Recursion() {
    }

    /** Calls itself until the stack overflows. */
    public static int dive(int depth) {
        return dive(depth + 1) + 1;
    }

    /** Dives and reports whether the stack overflowed, as it always does. */
    public static boolean overflow() {
        try {
            dive(0);
            return false;
        } catch (StackOverflowError expected) {
            return true;
        }
    }
}
