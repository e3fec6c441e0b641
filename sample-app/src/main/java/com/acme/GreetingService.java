package com.acme;

/** A service for the README's pattern example, {@code com.acme.*Service#get*}. */
public final class GreetingService {

    /** Returns a greeting. */
    public String getGreeting(String name) {
        return Foo.bar(name);
    }
}
