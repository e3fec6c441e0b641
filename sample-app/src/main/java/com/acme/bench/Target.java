package com.acme.bench;

/** The methods the benchmarks trace: tiny, so that any added cost shows. */
public final class Target {

    private Target() {
    }

    /** Returns the length of a name: a one-String-argument method with a return value. */
    public static int greet(String name) {
        return name.length();
    }

    /** The same as {@link #greet}, never traced: the baseline a harness calls in the same JVM. */
    public static int greetAlone(String name) {
        return name.length();
    }

    /** The method the install benchmarks trace again and again. */
    public static int install(int n) {
        return n + 1;
    }
}
