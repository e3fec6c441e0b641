package com.acme;

/** The class SmartTracer's walkthrough traces: a public method and the private one it calls. */
public final class Foo {

    private Foo() {
    }

    /** Greets someone. */
    public static String bar(String name) {
        return "Hello, my name is " + getName(name);
    }

    private static String getName(String name) {
        return "Fizz" + name;
    }
}
