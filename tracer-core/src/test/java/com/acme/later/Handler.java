package com.acme.later;

/** An interface whose implementation loads only after a trace of its method started. */
public interface Handler {
    String handle(String request);
}
