package com.acme.ctors;

/** A linked node; its one-argument constructor delegates with {@code this(...)}. */
public class Node {
    public final Object value;
    public final Node next;

    public Node(Object value) {
        this(value, null);
    }

    public Node(Object value, Node next) {
        this.value = value;
        this.next = next;
    }

    @Override
    public String toString() {
        return next == null ? "(" + value + ")" : "(" + value + " " + next + ")";
    }
}
