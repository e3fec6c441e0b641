package com.acme.later;

import java.util.function.IntUnaryOperator;

/** Loaded by the application's class loader after a trace started. */
public final class AppLoadedWorker implements IntUnaryOperator {
    @Override
    public int applyAsInt(int value) {
        return value + 1;
    }
}
