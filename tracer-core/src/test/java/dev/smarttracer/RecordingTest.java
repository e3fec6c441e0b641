package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import com.acme.OrderService;
import com.acme.UserService;
import dev.smarttracer.internal.log.LoggingHandler;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.Recording;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeEach
    void emptyRecorder() {
        SmartTracer.recorder().clear();
    }

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
        SmartTracer.recorder().clear();
    }

    private static TraceOptions quietRecording() {
        return TraceOptions.defaults().record(true).returns(true).handler(TraceHandler.discard());
    }

    @Test
    void record_keepsCallsReturnsAndExceptions_playedBackAfterTheTraceEnded() throws Exception {
        Trace bar = SmartTracer.trace(Foo::bar, 2, quietRecording());
        Foo.bar("a");
        Foo.bar("b");
        Trace fail = SmartTracer.trace(Foo::fail, 1, quietRecording());
        try {
            Foo.fail("boom");
        } catch (IllegalStateException expected) {
            // the traced method's own exception
        }
        assertThat(bar.awaitCompleted(WAIT)).isTrue();
        assertThat(fail.awaitCompleted(WAIT)).isTrue();

        assertThat(SmartTracer.playback(bar.id())).extracting(Call::type, Call::callId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CallType.CALL, 1L),
                org.assertj.core.groups.Tuple.tuple(CallType.RETURN, 1L),
                org.assertj.core.groups.Tuple.tuple(CallType.CALL, 2L),
                org.assertj.core.groups.Tuple.tuple(CallType.RETURN, 2L));
        assertThat(SmartTracer.playback(fail.id())).extracting(Call::type)
                .containsExactly(CallType.CALL, CallType.EXCEPTION);
        List<Call> all = SmartTracer.playback();
        assertThat(all).hasSize(6);
        assertThat(all).isSortedAccordingTo(java.util.Comparator.comparing(Call::timestamp));
        assertThat(all.subList(0, 4)).allMatch(c -> c.traceId() == bar.id());
        assertThat(SmartTracer.recorder().recording(bar.id()).orElseThrow().stopReason())
                .isEqualTo(StopReason.LIMIT_REACHED);
    }

    @Test
    void recordings_outliveTheirTraceAndLaterTraces_onlyClearDiscardsThem() throws Exception {
        Trace first = SmartTracer.trace(Foo::bar, 1, quietRecording());
        Foo.bar("first");
        assertThat(first.awaitCompleted(WAIT)).isTrue();
        Trace second = SmartTracer.trace(Foo::bar, 1, quietRecording());
        Foo.bar("second");
        assertThat(second.awaitCompleted(WAIT)).isTrue();
        SmartTracer.stop();

        assertThat(SmartTracer.playback(first.id())).hasSize(2);
        assertThat(SmartTracer.playback(second.id())).hasSize(2);
        SmartTracer.recorder().clear(first.id());
        assertThat(SmartTracer.playback(first.id())).isEmpty();
        assertThat(SmartTracer.playback(second.id())).hasSize(2);
        SmartTracer.recorder().clear();
        assertThat(SmartTracer.playback()).isEmpty();
    }

    @Test
    void withoutRecord_nothingIsRecorded() throws Exception {
        Trace trace = SmartTracer.trace(Foo::bar, 1, TraceOptions.defaults().handler(TraceHandler.discard()));
        Foo.bar("x");
        assertThat(trace.awaitCompleted(WAIT)).isTrue();
        assertThat(SmartTracer.playback()).isEmpty();
    }

    @Test
    void ownRecorder_isBounded_andSaysHowManyEventsWereDropped() throws Exception {
        Recorder small = Recorder.create(10, Recorder.DEFAULT_MAX_BYTES);
        Trace trace = SmartTracer.trace(Foo::count, 50, TraceOptions.defaults().returns(true)
                .handler(TraceHandler.discard()).recorder(small));
        for (int i = 1; i <= 50; i++) {
            Foo.count(i);
        }
        assertThat(trace.awaitCompleted(WAIT)).isTrue();
        Recording recording = small.recording(trace.id()).orElseThrow();
        assertThat(recording.calls()).hasSize(10);
        assertThat(recording.droppedEvents()).isEqualTo(90);
        assertThat(recording.calls().get(0).callId()).isEqualTo(46);
        assertThat(SmartTracer.playback()).as("the default recorder is untouched").isEmpty();
    }

    @Test
    void playbackIntoTheLoggingHandler_printsExactlyWhatWasPrintedLive() throws Exception {
        CapturingLogger live = new CapturingLogger(5);
        Trace trace = SmartTracer.trace(Foo::bar, 2, TraceOptions.defaults().record(true).returns(true)
                .handler(new LoggingHandler(live)));
        Foo.bar("Buzz");
        Foo.bar("Bazz");
        List<String> printedLive = live.await();
        assertThat(trace.awaitCompleted(WAIT)).isTrue();

        CapturingLogger replayed = new CapturingLogger(5);
        SmartTracer.playback(new LoggingHandler(replayed));
        assertThat(replayed.await()).isEqualTo(printedLive).last().isEqualTo("INFO Limit reached.");
    }

    @Test
    void stats_whileRunning_andFromTheRecordingAfterwards() throws Exception {
        Trace trace = SmartTracer.trace(Foo::fail, 4, quietRecording());
        for (int i = 0; i < 3; i++) {
            try {
                Foo.fail("e" + i);
            } catch (IllegalStateException expected) {
                // the traced method's own exception
            }
        }
        Foo.bar("not traced");
        TraceStats running = awaitStats(trace, 3);
        assertThat(trace.state()).isEqualTo(TraceState.ACTIVE);
        assertThat(running.calls()).isEqualTo(3);
        assertThat(running.exceptions()).isEqualTo(3);
        assertThat(running.maxNanos()).isGreaterThanOrEqualTo(running.p50Nanos());
        trace.close();
        TraceStats recorded = SmartTracer.recorder().stats(trace.id());
        assertThat(recorded.calls()).isEqualTo(3);
        assertThat(recorded.exceptions()).isEqualTo(3);
        assertThat(recorded.maxNanos()).isEqualTo(running.maxNanos());
        assertThat(recorded.minNanos()).isEqualTo(running.minNanos());
    }

    private static TraceStats awaitStats(Trace trace, long completed) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        TraceStats stats = trace.stats();
        while (stats.completed() < completed && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            stats = trace.stats();
        }
        return stats;
    }

    @Test
    void manyTracesRecording_whilePlaybackAndExportRun_countsAreExactAndConsistent(@TempDir Path dir)
            throws Exception {
        int limit = 2_000;
        List<Trace> traces = List.of(
                SmartTracer.trace(Foo::count, limit, quietRecording().queueCapacity(100_000)),
                SmartTracer.trace(Foo::zero, limit, quietRecording().queueCapacity(100_000)),
                SmartTracer.trace(OrderService::getOrder, limit, quietRecording().queueCapacity(100_000)),
                SmartTracer.trace(UserService::getUser, limit, quietRecording().queueCapacity(100_000)));
        List<Runnable> callers = List.of(
                () -> Foo.count(1), Foo::zero, () -> new OrderService().getOrder(1), () -> new UserService().getUser("u"));
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                int snapshots = 0;
                while (!done.get() || snapshots < 3) {
                    checkConsistent(SmartTracer.playback(), limit);
                    SmartTracer.recorder().exportJsonLines(dir.resolve("during.jsonl"));
                    checkConsistent(Recorder.readJsonLines(dir.resolve("during.jsonl")), limit);
                    snapshots++;
                }
                return snapshots;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (Runnable caller : callers) {
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < limit * 2; i++) {
                        caller.run();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            for (Trace trace : traces) {
                assertThat(trace.awaitCompleted(WAIT)).isTrue();
            }
            done.set(true);
            assertThat(reader.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(3);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        List<Call> all = SmartTracer.playback();
        assertThat(all).hasSize(4 * 2 * limit);
        for (Trace trace : traces) {
            assertThat(SmartTracer.playback(trace.id())).hasSize(2 * limit);
            assertThat(SmartTracer.recorder().recording(trace.id()).orElseThrow().droppedEvents()).isZero();
        }
        Path file = dir.resolve("after.jsonl");
        assertThat(SmartTracer.recorder().exportJsonLines(file)).isEqualTo(all.size());
        assertThat(Recorder.readJsonLines(file)).isEqualTo(all);
    }

    /** Each trace has at most its limit of calls, no duplicate, and no return without its call. */
    private static void checkConsistent(List<Call> calls, int limit) {
        Map<Long, Set<Long>> entries = new HashMap<>();
        Map<Long, Set<Long>> exits = new HashMap<>();
        for (Call call : calls) {
            Map<Long, Set<Long>> side = call.type() == CallType.CALL ? entries : exits;
            assertThat(side.computeIfAbsent(call.traceId(), id -> new HashSet<>()).add(call.callId()))
                    .as("duplicate " + call).isTrue();
        }
        entries.forEach((trace, ids) -> assertThat(ids).hasSizeLessThanOrEqualTo(limit));
        exits.forEach((trace, ids) -> assertThat(entries.getOrDefault(trace, Set.of())).containsAll(ids));
    }
}
