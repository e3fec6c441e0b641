package com.acme.later;

/** Implements {@link Handler}; loaded after a trace of {@code Handler#handle} started. */
public final class LateHandler implements Handler {
    @Override
    public String handle(String request) {
        return "handled:" + request;
    }
}
