package com.acme.shop;

/**
 * Handles one order: prices it, reserves its items and writes the receipt's greeting. Out of
 * stock and guest orders fail inside and are counted, as a real service would log them.
 */
public final class OrderService {

    private static final String[] SKUS = {"KETTLE", "TEAPOT", "MUG", "SPOON"};
    private static final String[] SEASONS = {"SPRING", "SUMMER", "AUTUMN", "WINTER"};
    private static final String[] CUSTOMERS = {"Ada", " Grace ", "Alan", "Barbara", null};

    private final Pricing pricing = new Pricing();
    private final Inventory inventory = new Inventory();
    private final Receipts receipts = new Receipts();
    private long failures;

    /**
     * Handles order number {@code n}.
     *
     * @param n the order's number
     * @return the order's total in cents, or -1 if it failed
     */
    public int handle(long n) {
        String sku = SKUS[(int) (n % SKUS.length)];
        int total = pricing.price(sku, 1 + (int) (n % 3), SEASONS[(int) (n / 10 % SEASONS.length)]);
        try {
            inventory.reserve(sku, 1 + (int) (n % 3));
            receipts.greeting(CUSTOMERS[(int) (n % CUSTOMERS.length)]);
            return total;
        } catch (RuntimeException failed) {
            failures++;
            return -1;
        }
    }

    /** Returns how many orders failed. */
    public long failures() {
        return failures;
    }
}
