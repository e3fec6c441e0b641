package com.acme.ctors;

import java.util.ArrayList;
import java.util.List;

/** Field initialisers and an initialiser block, which javac copies after super(...) in each constructor. */
public class Init extends Labelled {
    public final List<String> steps = new ArrayList<>(List.of("field"));
    public final int limit;

    {
        steps.add("block");
    }

    public Init(int limit) {
        super("init");
        if (steps.size() > limit) {
            throw new IllegalStateException("over " + limit + ": " + steps);
        }
        this.limit = limit;
    }

    public Init() {
        this(5);
    }

    @Override
    public String toString() {
        return super.toString() + " " + steps + " " + limit;
    }
}
