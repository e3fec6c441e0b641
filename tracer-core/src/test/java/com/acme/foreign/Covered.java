package com.acme.foreign;

/** A class for JaCoCo's agent to instrument as it loads, before SmartTracer weaves it. */
public final class Covered {

    private Covered() {
    }

    public static String classify(int n) {
        if (n < 0) {
            return "negative";
        }
        switch (n % 3) {
            case 0:
                return "fizz";
            case 1:
                return "one";
            default:
                return "two";
        }
    }

    public static int sumOfOddSquares(int... values) {
        int sum = 0;
        for (int value : values) {
            if (value % 2 == 0) {
                continue;
            }
            sum += value * value;
        }
        return sum;
    }

    public static int divide(int a, int b) {
        return a / b;
    }
}
