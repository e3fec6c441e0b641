package com.acme.shop;

/** Thrown when an item cannot be reserved. */
public final class OutOfStockException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param sku the item that is out of stock
     */
    public OutOfStockException(String sku) {
        super("out of stock: " + sku);
    }
}
