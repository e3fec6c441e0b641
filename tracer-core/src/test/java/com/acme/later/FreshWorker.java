package com.acme.later;

import java.util.function.IntUnaryOperator;

/** Defined again by each fresh class loader of a test, after a trace started. */
public final class FreshWorker implements IntUnaryOperator {
    @Override
    public int applyAsInt(int value) {
        return value * 2;
    }
}
