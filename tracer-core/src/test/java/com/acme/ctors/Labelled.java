package com.acme.ctors;

/** A superclass taking a label, which it refuses empty after its own {@code super()}. */
public class Labelled {
    protected final String label;

    public Labelled(String label) {
        if (label.isEmpty()) {
            throw new IllegalArgumentException("an empty label");
        }
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        String name = getClass().getName();
        return name.substring(name.lastIndexOf('.') + 1) + "[" + label + "]";
    }
}
