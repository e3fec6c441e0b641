package com.acme;

/**
 * A method to trace with conditions: it throws for some customers, and it takes exactly the time
 * it is asked to on its thread's own clock ({@link #CLOCK}), which a test's ticker reads, so a
 * call's duration is known without measuring anything.
 */
public final class Checkout {

    /** Each thread's clock, in nanoseconds, advanced only by {@link #pay}. */
    public static final ThreadLocal<long[]> CLOCK = ThreadLocal.withInitial(() -> new long[1]);

    private Checkout() {
    }

    /**
     * Pays for a customer; customers ending in 7 are declined.
     *
     * @param customer the customer
     * @param tookNanos how far the call moves its thread's clock
     * @return the customer
     */
    public static int pay(int customer, long tookNanos) {
        CLOCK.get()[0] += tookNanos;
        if (customer % 10 == 7) {
            throw new IllegalArgumentException("card declined for " + customer);
        }
        return customer;
    }
}
