package com.acme.plugins;

/** A plugin the README's examples load only after a trace of {@code com.acme.plugins.*#handle} started. */
public final class HelloPlugin {

    /** Answers a request. */
    public String handle(String request) {
        return "hello, " + request;
    }
}
