package dev.smarttracer.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a trace's queue room counts as crowded, so that its traced threads hurry the dispatcher. */
class LimiterTest {

    @Test
    void crowded_pastAQuarterOfTheEvents() {
        Limiter limiter = new Limiter(1_000, 1, 100, 1 << 20, 0, 0, 0);
        limiter.start(0);
        for (int i = 0; i < 25; i++) {
            limiter.reserve(0);
            assertThat(limiter.takeRoom(16)).isTrue();
        }
        assertThat(limiter.crowded()).as("25 of 100 events").isFalse();
        limiter.reserve(0);
        assertThat(limiter.takeRoom(16)).isTrue();
        assertThat(limiter.crowded()).as("26 of 100 events").isTrue();
        limiter.release(26, 26 * 16);
        assertThat(limiter.crowded()).as("given back").isFalse();
    }

    @Test
    void crowded_pastAQuarterOfTheBytes() {
        Limiter limiter = new Limiter(1_000, 2, 1_000, 4_000, 0, 0, 0);
        limiter.start(0);
        limiter.reserve(0);
        assertThat(limiter.takeRoom(1_000)).isTrue();
        assertThat(limiter.crowded()).as("1,000 of 4,000 bytes, 2 of 1,000 events").isFalse();
        limiter.charge(1);
        assertThat(limiter.crowded()).as("1,001 of 4,000 bytes").isTrue();
    }
}
