package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.StopReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A handler that blocks holds up its own trace's events only: no other trace, and no detach. */
class HandlerIsolationTest {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void restore() throws InterruptedException {
        release.countDown();
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void blockedHandler_otherTracesDeliverAndItsOwnTraceDetachesOnTime() throws Exception {
        CountDownLatch blocking = new CountDownLatch(1);
        Trace stuck = SmartTracer.trace(Foo::bar, 3, TraceOptions.defaults().handler(call -> {
            blocking.countDown();
            awaitRelease();
        }));
        Collector other = new Collector();
        Trace healthy = SmartTracer.trace(Foo::count, 3, other.options());

        Foo.bar("blocks the handler");
        assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
        Foo.bar("waits behind it");
        Foo.bar("reaches the limit");
        for (int i = 0; i < 3; i++) {
            Foo.count(i);
        }

        assertThat(other.awaitStopped()).as("the other trace's events, while the first handler is blocked")
                .extracting(c -> c.args().get(0)).containsExactly(0, 1, 2);
        assertThat(healthy.awaitCompleted(Duration.ofSeconds(10))).isTrue();
        assertThat(stuck.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(stuck.awaitDetached(Duration.ofSeconds(10))).as("detached while its handler is blocked").isTrue();
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
        assertThat(stuck.delivered()).as("the blocked handler is still on the first call").isEqualTo(1);
    }

    @Test
    void closeGivingUpOnAStuckHandler_warnsNamingItsThread_andCountsWhatItDidNotHandle() throws Exception {
        CountDownLatch blocking = new CountDownLatch(1);
        Trace stuck = SmartTracer.trace(Foo::bar, 10, TraceOptions.defaults().handler(call -> {
            blocking.countDown();
            awaitRelease();
        }));
        Foo.bar("1");
        assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
        Foo.bar("2");
        Foo.bar("3");

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            stuck.close();
        } finally {
            System.setErr(original);
        }

        assertThat(stuck.awaitDetached(Duration.ZERO)).as("detached although the handler is stuck").isTrue();
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("close() gave up", "is stuck in thread smarttracer-worker-", "2 events still waiting");
        assertThat(stuck.stats().lost()).as("events not handled: the two waiting calls").isEqualTo(2);
        release.countDown();
        assertThat(stuck.awaitCompleted(Duration.ofSeconds(10))).as("completes once the handler returns").isTrue();
        assertThat(stuck.stats().lost()).isZero();
        assertThat(stuck.delivered()).isEqualTo(3);
    }

    private void awaitRelease() {
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
