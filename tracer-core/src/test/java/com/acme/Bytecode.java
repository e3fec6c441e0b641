package com.acme;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;

/**
 * Methods of every shape javac produces that woven probe code must leave exactly as they were: every
 * primitive and reference type as parameter and return, instance and static, handlers, monitors, loops,
 * switches, exceptions from callees and from the JVM, many locals, lambdas.
 */
public final class Bytecode {
    private int counter;
    private final Object lock = new Object();

    public Bytecode() {
    }

    public Bytecode(int counter) {
        this.counter = counter;
    }

    public static boolean not(boolean value) {
        return !value;
    }

    public static byte nextByte(byte value) {
        return (byte) (value + 1);
    }

    public static char upper(char value) {
        return Character.toUpperCase(value);
    }

    public static short twice(short value) {
        return (short) (value * 2);
    }

    public static int sum(int a, int b) {
        return a + b;
    }

    /** A long between two ints: every parameter after it sits two slots on. */
    public static long mixLong(int a, long b, int c) {
        return a + b * c;
    }

    public static float half(float value) {
        return value / 2;
    }

    /** Doubles around an int. */
    public static double mixDouble(double a, int b, double c) {
        return a * b + c;
    }

    public static String describe(boolean z, byte b, char c, short s, int i, long j, float f, double d, String text,
            int[] array) {
        return z + "," + b + "," + c + "," + s + "," + i + "," + j + "," + f + "," + d + "," + text + ","
                + (array == null ? "null" : array.length);
    }

    public static int[] reversed(int[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[values.length - 1 - i] = values[i];
        }
        return out;
    }

    public static void nothing() {
    }

    public void add(int by) {
        counter += by;
    }

    public int counter() {
        return counter;
    }

    public long instanceLongs(long a, double b) {
        return a + (long) b + counter;
    }

    public static int tryCatchFinally(int divisor, List<String> log) {
        try {
            if (divisor < 0) {
                throw new IllegalArgumentException("negative: " + divisor);
            }
            return 100 / divisor;
        } catch (ArithmeticException e) {
            log.add("caught " + e.getMessage());
            return -1;
        } finally {
            log.add("finally " + divisor);
        }
    }

    public int synchronizedBlock(int by) {
        synchronized (lock) {
            counter += by;
            if (counter > 1_000) {
                throw new IllegalStateException("too much: " + counter);
            }
            return counter;
        }
    }

    public synchronized int synchronizedMethod(int by) {
        counter -= by;
        return counter;
    }

    public static int loop(int n) {
        int total = 0;
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                continue;
            }
            if (total > 100) {
                break;
            }
            total += i;
        }
        return total;
    }

    /** javac puts the loop's condition first: offset 0 is a branch target with a frame of its own. */
    public static int loopAtStart(int n) {
        while (n > 10) {
            n -= 3;
        }
        return n;
    }

    public static String switchOn(int value) {
        switch (value) {
            case 1:
                return "one";
            case 2:
            case 3:
                return "few";
            case 1_000:
                return "thousand";
            default:
                return "many";
        }
    }

    public static int switchOnString(String value) {
        return switch (value) {
            case "a" -> 1;
            case "b", "c" -> 2;
            default -> value.length();
        };
    }

    public static int parse(String text) {
        return Integer.parseInt(text);
    }

    public static int length(String text) {
        return text.length();
    }

    public static int at(int[] values, int index) {
        return values[index];
    }

    /** A value left on the operand stack across a branch (the ternary) and across a call. */
    public static int stackAcrossBranch(boolean flag, int value) {
        return value + (flag ? sum(value, 1) : 2);
    }

    public static long manyLocals(int seed) {
        long a = seed;
        double b = seed * 1.5;
        int c = seed + 1;
        long d = a * c;
        float e = c / 2f;
        String f = "x" + seed;
        int g = f.length();
        double h = b + d;
        long i = d - g;
        int j = (int) e + g;
        short k = (short) j;
        byte l = (byte) k;
        char m = (char) ('a' + seed % 26);
        boolean n = seed % 2 == 0;
        long o = i + j + k + l + m + (n ? 1 : 0);
        double p = h * o;
        int q = (int) p % 1_000;
        long r = o + q;
        int s = 0;
        for (int t = 0; t < q % 7; t++) {
            s += t;
        }
        return r + s + (long) b;
    }

    public static int lambdas(List<Integer> values) {
        int offset = values.size();
        IntBinaryOperator plus = (x, y) -> x + y + offset - offset;
        return values.stream().map(v -> v * 2).filter(v -> v > 2).mapToInt(Integer::intValue).reduce(0, plus);
    }

    public static List<String> nestedTry(int n) {
        List<String> out = new ArrayList<>();
        try {
            try {
                if (n == 0) {
                    throw new IllegalStateException("inner");
                }
                out.add("inner " + n);
            } finally {
                out.add("inner finally");
            }
            if (n == 1) {
                return out;
            }
            out.add("after");
        } catch (IllegalStateException e) {
            out.add("caught " + e.getMessage());
        }
        return out;
    }
}
