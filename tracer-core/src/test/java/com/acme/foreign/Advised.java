package com.acme.foreign;

/** A class that another agent, built with Byte Buddy, advises with a transformer that retransforms. */
public final class Advised {

    private Advised() {
    }

    public static int price(int quantity) {
        if (quantity < 0) {
            throw new IllegalArgumentException("negative quantity " + quantity);
        }
        return quantity * 10;
    }
}
