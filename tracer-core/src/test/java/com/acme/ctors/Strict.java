package com.acme.ctors;

/** Its superclass's constructor throws for an empty label; its delegating constructor, through this(...). */
public class Strict extends Labelled {

    public Strict(String label) {
        super(label);
    }

    public Strict(String label, int times) {
        this(label.repeat(times));
    }
}
