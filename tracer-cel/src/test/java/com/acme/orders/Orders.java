package com.acme.orders;

/** An application's method to trace with expressions, taking an object whose fields they read. */
public final class Orders {

    private Orders() {
    }

    /** A customer, read by field. */
    public static final class Customer {
        final int customerId;
        final Address address;

        public Customer(int customerId, Address address) {
            this.customerId = customerId;
            this.address = address;
        }

        @Override
        public String toString() {
            return "Customer(customerId=" + customerId + ", city=" + address.city + ")";
        }
    }

    /** Where a customer lives. */
    public static final class Address {
        final String city;

        public Address(String city) {
            this.city = city;
        }
    }

    /**
     * Places an order.
     *
     * @param customer who orders
     * @param cents how much
     * @return {@code cents}
     */
    public static int order(Customer customer, int cents) {
        return cents;
    }
}
