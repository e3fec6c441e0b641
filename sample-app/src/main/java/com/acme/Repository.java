package com.acme;

/** Saves orders; the README's example of tracing an interface's method, wherever it runs. */
public interface Repository {

    /**
     * Saves an order.
     *
     * @param order the order
     * @return its id
     */
    String save(String order);
}
