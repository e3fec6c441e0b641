package com.acme.shop;

/** Prices orders: a list price per item, less a seasonal discount worked out by a private method. */
public final class Pricing {

    /**
     * Returns the price of an order line, in cents.
     *
     * @param sku the item
     * @param quantity how many
     * @param season the season, e.g. {@code "SPRING"}
     * @return the price after discount
     */
    public int price(String sku, int quantity, String season) {
        int listPrice = 100 + Math.floorMod(sku.hashCode(), 1900);
        return discount(listPrice * quantity, season);
    }

    private int discount(int cents, String season) {
        int percent = switch (season) {
            case "SPRING" -> 10;
            case "SUMMER" -> 5;
            case "WINTER" -> 20;
            default -> 0;
        };
        return cents - cents * percent / 100;
    }
}
