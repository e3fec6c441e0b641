package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.StopReason;
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
        // Calls 1-4 took a slot and room; call 5 took a slot but no room and tripped the trace.
        assertThat(seen).hasSize(4).extracting(c -> c.args().get(0))
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
        // Completed: the moment stopped() would have been called has passed.
        assertThat(trace.awaitCompleted(Duration.ofSeconds(10))).isTrue();
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

    @Test
    void tickerThatStartsThrowing_endsItsOwnTraceOnly_loggedOnce_andOtherTracesStillStop() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
        Ticker breaking = () -> {
            if (broken.get()) {
                throw new IllegalStateException("clock broke");
            }
            return System.nanoTime();
        };
        Collector failing = new Collector();
        Trace failed = SmartTracer.trace(Foo::bar, 100, failing.options().ticker(breaking).timeout(Duration.ofHours(1)));
        ManualTicker manual = new ManualTicker();
        Collector timed = new Collector();
        Trace timedOut = SmartTracer.trace(Foo::count, 100, timed.options().ticker(manual).timeout(Duration.ofSeconds(5)));

        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Foo.bar("before");
            broken.set(true);
            for (int i = 0; i < 1_000; i++) {
                Foo.bar("while broken " + i);
            }
            assertThat(failing.awaitStopped()).extracting(c -> c.args().get(0)).containsExactly("before");
            manual.advance(TimeUnit.SECONDS.toNanos(5));
            assertThat(timed.awaitStopped()).isEmpty();
        } finally {
            System.setErr(original);
        }
        assertThat(failed.stopReason()).isEqualTo(StopReason.FAILED);
        assertThat(timedOut.stopReason()).as("the other trace's time limit still works").isEqualTo(StopReason.TIMEOUT);
        String text = log.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text.split("its ticker threw", -1)).as("logged once: " + text).hasSize(2);
        assertThat(text).doesNotContain("unexpected error");
    }

    @Test
    void timeout_countsFromWhenTracingStarts_notWhileTheTraceIsBeingInstalled() throws Exception {
        // The first read happens as the trace is set up; the clock then jumps as if installing the
        // trace (a large pattern, say) had taken 20 s of a 10 s time limit.
        ManualTicker ticker = new ManualTicker();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        Ticker slowInstall = () -> {
            long now = ticker.read();
            if (reads.getAndIncrement() == 0) {
                ticker.advance(TimeUnit.SECONDS.toNanos(20));
            }
            return now;
        };
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Foo::bar, 1, collector.options().ticker(slowInstall).timeout(Duration.ofSeconds(10)));
        Foo.bar("right after trace() returned");
        assertThat(collector.awaitStopped()).extracting(c -> c.args().get(0)).containsExactly("right after trace() returned");
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
    }

    @Test
    void handlerThrowingAfterTheLastSlotWasTaken_stopsWithHandlerFailed_notLimitReached() throws Exception {
        CountDownLatch allCalled = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Trace trace = SmartTracer.trace(Foo::bar, 10, TraceOptions.defaults().handler(new TraceHandler() {
            @Override
            public void handle(Call call) {
                try {
                    allCalled.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("handler bug on the first call");
            }

            @Override
            public void stopped(Trace t) {
                stopped.countDown();
            }
        }));
        for (int i = 0; i < 10; i++) {
            Foo.bar("call " + i);
        }
        assertThat(trace.stopReason()).as("all ten slots taken").isEqualTo(StopReason.LIMIT_REACHED);
        allCalled.countDown();
        assertThat(trace.awaitCompleted(Duration.ofSeconds(10))).isTrue();
        assertThat(trace.stopReason()).isEqualTo(StopReason.HANDLER_FAILED);
        assertThat(trace.delivered()).isEqualTo(1);
    }
}
