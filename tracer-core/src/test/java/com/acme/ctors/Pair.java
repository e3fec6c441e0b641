package com.acme.ctors;

/** A record with an explicit canonical constructor, with long and double components. */
public record Pair(String name, long weight, double ratio) {
    public Pair(String name, long weight, double ratio) {
        this.name = name.strip();
        this.weight = weight * 2;
        this.ratio = ratio;
    }
}
