package com.acme;

import java.util.function.IntUnaryOperator;

/** A generic interface's implementation (the compiler adds a bridge method) and lambdas. */
public final class Version implements Comparable<Version> {
    private final int number;

    public Version(int number) {
        this.number = number;
    }

    @Override
    public int compareTo(Version other) {
        return Integer.compare(number, other.number);
    }

    public static int twice(int n) {
        IntUnaryOperator doubler = x -> x * 2;
        return doubler.applyAsInt(n);
    }

    public static int thrice(int n) {
        IntUnaryOperator tripler = x -> x * 3;
        return tripler.applyAsInt(n);
    }
}
