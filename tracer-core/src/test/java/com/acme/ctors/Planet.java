package com.acme.ctors;

import java.util.Locale;

/** Enum constructors: one with a constant body (a subclass), one delegating with this(...). */
public enum Planet {
    MERCURY(3.303e+23, 2.4397e6),
    EARTH(5.976e+24, 6.37814e6) {
        @Override
        public String greeting() {
            return "home";
        }
    },
    PLUTO("dwarf");

    public final double mass;
    public final double radius;

    Planet(double mass, double radius) {
        this.mass = mass;
        this.radius = radius;
    }

    Planet(String kind) {
        this(kind.length() * 1e21, kind.isEmpty() ? 0 : 1.1883e6);
    }

    public String greeting() {
        return "hello from " + name().toLowerCase(Locale.ROOT);
    }
}
