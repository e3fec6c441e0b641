package com.acme.audit;

/** A class audited whole. */
@Audited
public final class Ledger {

    private Ledger() {
    }

    public static long post(long amount) {
        return amount;
    }

    public static long postLater(long amount) {
        return amount + 1;
    }
}
