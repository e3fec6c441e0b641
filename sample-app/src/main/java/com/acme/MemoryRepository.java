package com.acme;

import java.util.ArrayList;
import java.util.List;

/** A {@link Repository} in memory. */
public final class MemoryRepository implements Repository {

    private final List<String> orders = new ArrayList<>();

    @Override
    @Audited
    public synchronized String save(String order) {
        orders.add(order);
        return "order-" + orders.size();
    }
}
