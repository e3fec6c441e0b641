package com.github.benmanes.caffeine.userland;

/** Code in Caffeine's package namespace that is not SmartTracer's: the tracer does not run on Caffeine. */
public final class Weigher {
    private Weigher() {
    }

    public static int weigh(String key) {
        return key.length();
    }
}
