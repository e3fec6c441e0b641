package com.acme;

import java.util.function.UnaryOperator;

/** Lambdas the demo hands out, as an application hands them to a framework: the README's lambda example. */
public final class OrderHandlers {

    private OrderHandlers() {
    }

    /** Returns a handler that cleans an order's text. */
    public static UnaryOperator<String> cleaning() {
        return order -> order.strip();
    }
}
