package com.acme.ctors;

/** Objects made by {@code new} inside {@code super(...)}'s arguments. */
public class Chain extends Node {

    /** {@code super(new X(new Y()), new Z())}. */
    public Chain(String s) {
        super(new Node(new Node(s)), new Node(s.length()));
    }

    /**
     * A {@code new} whose argument is a switch expression holding a try: javac spills the uninitialised
     * {@code this} and the uninitialised objects to locals around it.
     */
    public Chain(String s, int radix) {
        super(new Node(switch (radix) {
            case 10 -> s;
            default -> {
                try {
                    yield Integer.parseInt(s, radix);
                } catch (NumberFormatException e) {
                    yield "bad " + s;
                }
            }
        }), radix == 2 ? new Node("binary") : null);
    }

    /** An anonymous class made in the super argument, capturing a parameter. */
    public Chain(int n) {
        super(new Object() {
            @Override
            public String toString() {
                return "anonymous " + n;
            }
        });
    }

    /** {@code new} objects in both arms of a ternary, one of them throwing from a constructor of its own. */
    public Chain(boolean left, String s) {
        super(left ? new Node(new Labelled(s)) : new Node(s), new Chain(s));
    }
}
