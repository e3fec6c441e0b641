package com.acme.ctors;

/** Loops, switches and ternaries in {@code super(...)}'s argument. */
public class Computed extends Labelled {

    /** What {@link #Computed(Kind, int)} switches on. */
    public enum Kind { SMALL, LARGE }

    /** A switch expression with a loop, a continue and ternaries. */
    public Computed(int n) {
        super(switch (n) {
            case 0 -> "zero";
            case 1, 2 -> n == 1 ? "one" : "two";
            default -> {
                StringBuilder digits = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    if (i % 2 == 0) {
                        continue;
                    }
                    digits.append(i);
                }
                yield n < 0 ? "" : digits.toString();
            }
        });
    }

    /** A switch on strings (javac's hash switch); a null string throws its NullPointerException. */
    public Computed(String s) {
        super(switch (s) {
            case "a" -> "A";
            case "b", "c" -> "B or C";
            default -> s.repeat(2);
        });
    }

    /** A switch on an enum (through its switch map class) and a nested ternary. */
    public Computed(Kind kind, int count) {
        super(switch (kind) {
            case SMALL -> "small " + count;
            case LARGE -> count > 100 ? "huge" : count > 10 ? "large" : "largish";
        });
    }

    /** A switch expression holding a try/catch/finally: javac spills the uninitialised this to a local. */
    public Computed(String s, int radix) {
        super(switch (radix) {
            case 10 -> s;
            default -> {
                StringBuilder log = new StringBuilder();
                try {
                    yield Integer.toString(Integer.parseInt(s, radix));
                } catch (NumberFormatException e) {
                    yield "not base " + radix;
                } finally {
                    log.append("done");
                }
            }
        });
    }

    /** A local record (a local class, static) declared, and used, in super(...)'s argument. */
    public Computed(long seed) {
        super(switch ((int) (seed % 3)) {
            case 0 -> "zero";
            default -> {
                record Twice(long v) {
                    String of() {
                        return v + "+" + v;
                    }
                }
                yield new Twice(seed).of();
            }
        });
    }
}
