package dev.smarttracer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.internal.delivery.Limiter;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.StopReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A trace's queue room is counted in bytes as well as events: what its calls take is given back
 * exactly once they are handled, whatever their events hold, and long arguments trip the trace on
 * their bytes long before their number would.
 */
class QueueRoomTest {

    private static final String LONG = "0123456789".repeat(10_000);

    @Test
    void everyKindOfEvent_givesBackExactlyWhatItTook() throws Exception {
        TraceOptions options = TraceOptions.defaults().returns(true).queueCapacity(1_000_000);
        assertRoomGivenBack(SmartTracer.trace(Foo::bar, 40, options), i -> Foo.bar(i % 2 == 0 ? LONG : "short " + i));
        assertRoomGivenBack(SmartTracer.trace(Foo::fail, 40, options.stack(4)), i -> {
            try {
                Foo.fail(i % 2 == 0 ? LONG : "short " + i);
            } catch (IllegalStateException expected) {
                // the traced method's own exception
            }
        });
        assertRoomGivenBack(SmartTracer.trace(Foo::bar, 40, options.slowerThan(Duration.ofNanos(1))),
                i -> Foo.bar(i % 2 == 0 ? LONG : "short " + i));
        assertRoomGivenBack(SmartTracer.trace(Foo::bar, 40, TraceOptions.defaults().queueCapacity(1_000_000)),
                i -> Foo.bar(LONG));
    }

    private static void assertRoomGivenBack(Trace trace, Consumer<Integer> call) throws InterruptedException {
        try {
            for (int i = 0; i < 40; i++) {
                call.accept(i);
            }
            assertCompletedHoldingNoRoom(trace, StopReason.LIMIT_REACHED);
        } finally {
            trace.close();
        }
    }

    private static void assertCompletedHoldingNoRoom(Trace trace, StopReason reason) throws InterruptedException {
        assertThat(trace.awaitCompleted(Duration.ofSeconds(10))).isTrue();
        assertThat(trace.stopReason()).isEqualTo(reason);
        Limiter limiter = ((TraceHandle) trace).run().limiter();
        assertThat(limiter.roomEvents()).as("events holding room").isZero();
        assertThat(limiter.roomBytes()).as("bytes holding room").isZero();
    }

    @Test
    void anEndThatIsNeverQueued_givesBackTheRoomItsStartTookForIt() throws Exception {
        // The clock reads fine at each call's start and fails at the second call's end.
        AtomicInteger reads = new AtomicInteger();
        Trace trace = SmartTracer.trace(Foo::bar, 10, TraceOptions.defaults().returns(true)
                .handler(TraceHandler.discard()).ticker(() -> {
                    if (reads.incrementAndGet() == 4) {
                        throw new IllegalStateException("the clock failed at an exit");
                    }
                    return System.nanoTime();
                }));
        try {
            Foo.bar("first");
            assertThat(Foo.bar("second")).isEqualTo("Hello, my name is second");
            assertCompletedHoldingNoRoom(trace, StopReason.FAILED);
        } finally {
            trace.close();
        }
    }

    @Test
    void longArgumentsBehindAStuckHandler_tripOnTheirBytes_beforeTheirNumber() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Call> seen = new CopyOnWriteArrayList<>();
        TraceHandler stuck = call -> {
            seen.add(call);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        long bytes = 256 << 10;
        Trace trace = SmartTracer.trace(Foo::bar, 1_000_000, TraceOptions.defaults().returns(true)
                .queueCapacity(1_000_000).queueBytes(bytes).handler(stuck));
        try {
            Limiter limiter = ((TraceHandle) trace).run().limiter();
            long most = 0;
            int calls = 0;
            while (trace.stopReason() == null && calls < 10_000) {
                assertThat(Foo.bar(LONG)).startsWith("Hello, my name is 0123");
                calls++;
                most = Math.max(most, limiter.roomBytes());
            }
            assertThat(trace.stopReason()).isEqualTo(StopReason.OVERLOAD);
            TraceEngine.QueueRoom room = TraceEngine.instance().queueRoom(trace);
            assertThat(room.maxEvents()).as("its bound in events, as status shows it").isEqualTo(1_000_000);
            assertThat(room.maxBytes()).as("its bound in bytes").isEqualTo(bytes);
            assertThat(room.bytes()).as("the bytes its waiting events hold").isPositive().isLessThanOrEqualTo(bytes);
            assertThat(room.events()).as("the events waiting, with the ends owed").isPositive();
            // A call keeps its first 2,048 characters, its return as many: about 8 KiB, counted at two bytes a character.
            assertThat(calls).as("calls before the trip").isBetween(20, 40);
            assertThat(most).as("bytes held at most").isLessThanOrEqualTo(bytes);
        } finally {
            release.countDown();
            assertThat(trace.awaitCompleted(Duration.ofSeconds(10))).isTrue();
            trace.close();
        }
        assertThat(seen).isNotEmpty();
    }
}
