package com.acme.ctors;

import java.util.List;
import java.util.function.Function;

/** Constructors of a generic class, and a generic constructor. */
public class Best<T extends Comparable<T>> extends Labelled {
    public final T best;

    public Best(T a, T b) {
        super("best of 2");
        best = a.compareTo(b) >= 0 ? a : b;
    }

    public <U> Best(U source, Function<U, T> convert, T other) {
        this(convert.apply(source), other);
    }

    public Best(List<? extends T> all) {
        super("best of " + all.size());
        T found = null;
        for (T t : all) {
            if (found == null || t.compareTo(found) > 0) {
                found = t;
            }
        }
        best = found;
    }

    @Override
    public String toString() {
        return super.toString() + "=" + best;
    }
}
