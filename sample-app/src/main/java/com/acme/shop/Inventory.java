package com.acme.shop;

/** Reserves items; every seventh reservation finds the item out of stock, deep in a callee. */
public final class Inventory {

    private int reservations;

    /**
     * Reserves items.
     *
     * @param sku the item
     * @param quantity how many
     * @return the reservation's number
     * @throws OutOfStockException thrown by {@link #checkStock}, on every seventh reservation
     */
    public synchronized int reserve(String sku, int quantity) {
        reservations++;
        checkStock(sku, reservations);
        return reservations;
    }

    private static void checkStock(String sku, int reservation) {
        if (reservation % 7 == 0) {
            throw new OutOfStockException(sku);
        }
    }
}
