package com.acme.ctors;

/** A record with a compact canonical constructor that validates, and delegating ones. */
public record Range(int lo, int hi) {
    public Range {
        if (lo > hi) {
            throw new IllegalArgumentException(lo + " > " + hi);
        }
    }

    public Range(int single) {
        this(single, single);
    }

    public Range(int a, boolean swap) {
        this(swap ? a : 0, swap ? 0 : a);
    }
}
