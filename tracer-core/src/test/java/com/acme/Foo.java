package com.acme;

/** A class to trace in tests: static and instance, void and not, private, throwing. */
public class Foo {

    private final String name;

    public Foo(String name) {
        this.name = name;
    }

    public static String bar(String who) {
        return "Hello, my name is " + who;
    }

    public static int zero() {
        return 0;
    }

    public static void touch() {
    }

    public String greet(String other) {
        return getName() + " greets " + other;
    }

    public void run() {
    }

    public static long sum5(int a, long b, short c, byte d, char e) {
        return a + b + c + d + e;
    }

    public long add5(int a, int b, int c, int d, int e) {
        return a + b + c + d + e;
    }

    public static void sink5(Object a, Object b, Object c, Object d, Object e) {
    }

    public static String over(String s) {
        return "string " + s;
    }

    public static String over(int i) {
        return "int " + i;
    }

    public static String fail(String message) {
        throw new IllegalStateException(message);
    }

    public String name() {
        return getName();
    }

    private String getName() {
        return name;
    }

    private static String secret(int n) {
        return "secret " + n;
    }

    public static String callSecret(int n) {
        return secret(n);
    }

    public static String identity(Object o) {
        return String.valueOf(o);
    }

    public static int count(int n) {
        return n;
    }

    public static void rethrow(RuntimeException e) {
        throw e;
    }
}
