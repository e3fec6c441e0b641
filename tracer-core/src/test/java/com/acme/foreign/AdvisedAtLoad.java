package com.acme.foreign;

/**
 * A class that another agent, built with Byte Buddy, advises only as it loads, with a transformer that
 * cannot retransform: the JVM keeps its result as the class file that later retransformations start from.
 */
public final class AdvisedAtLoad {

    private AdvisedAtLoad() {
    }

    public static int price(int quantity) {
        if (quantity < 0) {
            throw new IllegalArgumentException("negative quantity " + quantity);
        }
        return quantity * 10;
    }
}
