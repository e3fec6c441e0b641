package com.acme.later;

import java.util.function.UnaryOperator;

/** One method carries {@link Watched}; loaded after a trace of {@code @com.acme.later.Watched} started. */
public final class WatchedService implements UnaryOperator<String> {
    @Override
    @Watched
    public String apply(String value) {
        return value.toUpperCase(java.util.Locale.ROOT);
    }

    public String notWatched(String value) {
        return value;
    }
}
