package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.recorder.Call;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StopReasonTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void rate_moreCallsThanAllowedInOneWindow_tripsAndDetaches() throws Exception {
        ManualTicker ticker = new ManualTicker();
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Foo::bar, 100,
                collector.options().rate(3, Duration.ofSeconds(1)).ticker(ticker));
        Foo.bar("1");
        Foo.bar("2");
        Foo.bar("3");
        ticker.advance(TimeUnit.SECONDS.toNanos(1));
        Foo.bar("4, new window");
        Foo.bar("5");
        Foo.bar("6");
        Foo.bar("7, fourth in the window");
        Foo.bar("8, after the trip");
        assertThat(collector.awaitStopped()).extracting(c -> c.args().get(0))
                .containsExactly("1", "2", "3", "4, new window", "5", "6");
        assertThat(trace.stopReason()).isEqualTo(StopReason.RATE_EXCEEDED);
        assertThat(trace.awaitDetached(Duration.ofSeconds(1))).isTrue();
        assertThat(collector.stoppedTrace()).isSameAs(trace);
    }

    @Test
    void timeout_whenTheTickerPassesTheDeadline_stopsWithoutAnyCall() throws Exception {
        ManualTicker ticker = new ManualTicker();
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Foo::bar, 100,
                collector.options().timeout(Duration.ofSeconds(30)).ticker(ticker));
        Foo.bar("in time");
        ticker.advance(TimeUnit.SECONDS.toNanos(30));
        assertThat(trace.awaitDetached(Duration.ofSeconds(5))).as("the dispatcher noticed the deadline").isTrue();
        assertThat(trace.stopReason()).isEqualTo(StopReason.TIMEOUT);
        Foo.bar("too late");
        assertThat(collector.awaitStopped()).extracting(c -> c.args().get(0)).containsExactly("in time");
    }

    @Test
    void timeout_aCallAfterTheDeadline_isNotDeliveredEvenBeforeTheDispatcherLooks() throws Exception {
        ManualTicker ticker = new ManualTicker();
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Foo::bar, 100,
                collector.options().timeout(Duration.ofMillis(10)).ticker(ticker));
        ticker.advance(TimeUnit.MILLISECONDS.toNanos(10));
        Foo.bar("late");
        assertThat(collector.awaitStopped()).isEmpty();
        assertThat(trace.stopReason()).isEqualTo(StopReason.TIMEOUT);
    }

    @Test
    void overload_queueFullBehindASlowHandler_tripsWithoutBlockingTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.List<Call> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        TraceHandler slow = new TraceHandler() {
            @Override
            public void handle(Call call) {
                seen.add(call);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void stopped(Trace trace) {
                stopped.countDown();
            }
        };
        Trace trace = SmartTracer.trace(Foo::bar, 1_000,
                TraceOptions.defaults().handler(slow).queueCapacity(4));
        for (int i = 0; i < 20; i++) {
            Foo.bar("call " + i);
        }
        assertThat(trace.stopReason()).as("tripped on the calling thread").isEqualTo(StopReason.OVERLOAD);
        release.countDown();
        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(trace.awaitDetached(Duration.ofSeconds(1))).isTrue();
        assertThat(seen).hasSizeBetween(4, 5).extracting(c -> c.args().get(0))
                .startsWith("call 0", "call 1", "call 2", "call 3");
    }

    @Test
    void handlerFailure_stopsTheTrace_andTheApplicationNeverSeesTheException() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Trace trace = SmartTracer.trace(Foo::bar, 10, TraceOptions.defaults().handler(new TraceHandler() {
            @Override
            public void handle(Call call) {
                throw new IllegalStateException("handler bug");
            }

            @Override
            public void stopped(Trace t) {
                stopped.countDown();
            }
        }));
        assertThat(Foo.bar("one")).isEqualTo("Hello, my name is one");
        assertThat(trace.awaitDetached(Duration.ofSeconds(5))).isTrue();
        assertThat(trace.stopReason()).isEqualTo(StopReason.HANDLER_FAILED);
        assertThat(Foo.bar("two")).isEqualTo("Hello, my name is two");
        assertThat(stopped.getCount()).as("a failed handler is not called again").isEqualTo(1);
    }

    @Test
    void close_stopsWithStopped_andFirstReasonWins() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Foo::bar, 1, collector.options());
        Foo.bar("fills the limit");
        trace.close();
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        Trace other = SmartTracer.trace(Foo::bar, 5, collector.options());
        other.close();
        other.close();
        assertThat(other.stopReason()).isEqualTo(StopReason.STOPPED);
        assertThat(other.awaitDetached(Duration.ZERO)).isTrue();
    }
}
