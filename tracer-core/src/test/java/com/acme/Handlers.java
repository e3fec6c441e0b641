package com.acme;

import dev.smarttracer.MethodRef;
import java.io.Serializable;
import java.util.function.Function;

/** Lambdas an application hands to a framework, for the tests that trace lambda objects. */
public final class Handlers {

    private Handlers() {
    }

    /** A capturing lambda. */
    public static Function<String, String> shout(String suffix) {
        return text -> text.strip() + suffix;
    }

    /** A serializable lambda. */
    public static Runnable marked() {
        return (Runnable & Serializable) () -> Version.thrice(1);
    }

    /** A lambda typed as a method reference. */
    public static MethodRef.Fn1<String, String> ask() {
        return text -> text + "?";
    }
}
