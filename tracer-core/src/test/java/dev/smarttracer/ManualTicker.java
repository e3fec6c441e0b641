package dev.smarttracer;

import java.util.concurrent.atomic.AtomicLong;

/** A ticker that moves only when a test moves it. */
final class ManualTicker implements Ticker {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
        return now.get();
    }

    void advance(long nanos) {
        now.addAndGet(nanos);
    }
}
