package dev.smarttracer.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.recorder.StopReason;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When a trace asks for the dispatcher's attention before its nap ends: its queue room becoming
 * crowded (past a quarter of either bound), once a crossing and not each call while it stays so,
 * and its closing, whatever closes it.
 */
class LimiterTest {

    private final AtomicInteger attention = new AtomicInteger();

    @Test
    void crowded_pastAQuarterOfTheEvents_asksOncePerCrossing() {
        Limiter limiter = new Limiter(1_000, 1, 100, 1 << 20, 0, 0, 0, attention::incrementAndGet);
        limiter.start(0);
        take(limiter, 25, 16);
        assertThat(limiter.crowded()).as("25 of 100 events").isFalse();
        assertThat(attention).hasValue(0);
        take(limiter, 1, 16);
        assertThat(limiter.crowded()).as("26 of 100 events").isTrue();
        assertThat(attention).as("the call that crowded it").hasValue(1);
        take(limiter, 10, 16);
        assertThat(attention).as("not again while it stays crowded").hasValue(1);
        limiter.release(36, 36 * 16);
        assertThat(limiter.crowded()).as("given back").isFalse();
        take(limiter, 26, 16);
        assertThat(attention).as("crowded again").hasValue(2);
    }

    @Test
    void crowded_pastAQuarterOfTheBytes_byAnEndsCharge() {
        Limiter limiter = new Limiter(1_000, 2, 1_000, 4_000, 0, 0, 0, attention::incrementAndGet);
        limiter.start(0);
        take(limiter, 1, 1_000);
        assertThat(limiter.crowded()).as("1,000 of 4,000 bytes, 2 of 1,000 events").isFalse();
        limiter.charge(1);
        assertThat(limiter.crowded()).as("1,001 of 4,000 bytes").isTrue();
        assertThat(attention).hasValue(1);
    }

    @Test
    void closing_asks_whenTheLastSlotIsTaken_andWhenAnyThreadClosesIt() {
        Limiter limited = new Limiter(2, 1, 100, 1 << 20, 0, 0, 0, attention::incrementAndGet);
        limited.start(0);
        take(limited, 1, 16);
        assertThat(attention).hasValue(0);
        take(limited, 1, 16);
        assertThat(limited.reason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(attention).as("the last slot closed it").hasValue(1);

        Limiter stopped = new Limiter(10, 1, 100, 1 << 20, 0, 0, 0, attention::incrementAndGet);
        stopped.start(0);
        assertThat(stopped.close(StopReason.STOPPED)).isTrue();
        assertThat(stopped.close(StopReason.TIMEOUT)).as("closed already").isFalse();
        assertThat(attention).as("once, by the close that did it").hasValue(2);
    }

    @Test
    void anAttentionThatThrows_changesNothing() {
        Limiter limiter = new Limiter(1, 1, 4, 1 << 20, 0, 0, 0, () -> {
            throw new StackOverflowError();
        });
        limiter.start(0);
        assertThat(limiter.reserve(0)).isEqualTo(1);
        assertThat(limiter.takeRoom(16)).isTrue();
        assertThat(limiter.reason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(limiter.roomEvents()).isEqualTo(1);
    }

    @Test
    void aFullRoom_closesTheTraceOverloaded_andKeepsWhichBoundFilledFirst() {
        Limiter byEvents = new Limiter(1_000, 2, 10, 1 << 20, 0, 0, 0, attention::incrementAndGet);
        byEvents.start(0);
        assertThat(byEvents.filled()).isNull();
        take(byEvents, 5, 16);
        assertThat(byEvents.reserve(0)).isPositive();
        assertThat(byEvents.takeRoom(16)).as("12 of 10 events").isFalse();
        assertThat(byEvents.reason()).isEqualTo(StopReason.OVERLOAD);
        assertThat(byEvents.filled()).isEqualTo(Limiter.Bound.EVENTS);
        assertThat(byEvents.takeRoom(1 << 21)).as("now past the bytes too").isFalse();
        assertThat(byEvents.filled()).as("the first stays").isEqualTo(Limiter.Bound.EVENTS);

        Limiter byBytes = new Limiter(1_000, 1, 100, 1_000, 0, 0, 0, attention::incrementAndGet);
        byBytes.start(0);
        take(byBytes, 2, 400);
        assertThat(byBytes.reserve(0)).isPositive();
        assertThat(byBytes.takeRoom(400)).as("1,200 of 1,000 bytes").isFalse();
        assertThat(byBytes.filled()).isEqualTo(Limiter.Bound.BYTES);
        assertThat(byBytes.roomBytes()).as("the refused call's room given back").isEqualTo(800);
    }

    private static void take(Limiter limiter, int calls, long bytes) {
        for (int i = 0; i < calls; i++) {
            assertThat(limiter.reserve(0)).isPositive();
            assertThat(limiter.takeRoom(bytes)).isTrue();
        }
    }
}
