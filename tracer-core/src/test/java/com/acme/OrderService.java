package com.acme;

/** A service for wildcard patterns. */
public class OrderService {
    public String getOrder(int id) {
        return "order-" + id;
    }

    public String getStatus() {
        return "open";
    }

    public void cancel(int id) {
    }
}
