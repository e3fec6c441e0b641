package com.acme.ctors;

import java.util.ArrayList;
import java.util.List;

/** try/catch/finally, a synchronized block and returns from inside a try, after super(...). */
public class Parsed extends Labelled {
    public final List<String> log = new ArrayList<>();
    public int value;

    public Parsed(String text) {
        super("parsed");
        try {
            value = Integer.parseInt(text.strip());
            log.add("parsed");
        } catch (NumberFormatException e) {
            value = -1;
            log.add("bad " + e.getMessage());
        } finally {
            log.add("finally");
        }
    }

    /** A return from inside a try with a finally; what the try throws passes through the finally. */
    public Parsed(String text, boolean early) {
        super("early");
        try {
            value = Integer.parseInt(text);
            if (early) {
                return;
            }
            synchronized (log) {
                log.add("late");
            }
        } finally {
            log.add("finally " + value);
        }
        log.add("end");
    }

    /** A nested try whose inner catch throws again, caught by the outer one, which may throw it on. */
    public Parsed(int a, int b) {
        super("nested");
        try {
            try {
                value = a / b;
            } catch (ArithmeticException e) {
                throw new IllegalStateException("wrapped " + e.getMessage(), e);
            } finally {
                log.add("inner");
            }
        } catch (IllegalStateException e) {
            if (a < 0) {
                throw e;
            }
            value = Integer.MIN_VALUE;
        }
    }

    @Override
    public String toString() {
        return super.toString() + " " + value + " " + log;
    }
}
