package com.acme.audit;

/** One audited method beside one that is not. */
public final class Payments {

    private Payments() {
    }

    @Audited
    public static int pay(int cents) {
        return cents;
    }

    public static int refund(int cents) {
        return -cents;
    }
}
