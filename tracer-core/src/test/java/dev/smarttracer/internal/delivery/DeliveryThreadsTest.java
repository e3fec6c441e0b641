package dev.smarttracer.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.internal.reentry.ReentryGuard;
import dev.smarttracer.internal.reentry.TracerThreads;
import dev.smarttracer.internal.select.TargetMethod;
import dev.smarttracer.internal.snapshot.Footprint;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The delivery threads, built with short {@link Timings}: an event goes one way from the queue to
 * the handler, the trace completes, and then the dispatcher's thread and the workers are gone,
 * without the test waiting out the engine's real linger times.
 */
@Timeout(60)
class DeliveryThreadsTest {

    /** Short waits, but a dispatcher's nap longer than any test may run: only a wake-up ends it. */
    private static final Timings LONG_NAP = new Timings(TimeUnit.MILLISECONDS.toNanos(20),
            TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(20),
            TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MINUTES.toNanos(10));

    @Test
    void aTraceCompletes_thenEveryDeliveryThreadEnds() throws Exception {
        Timings quick = Timings.all(Duration.ofMillis(20));
        ReentryGuard guard = ReentryGuard.shared();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, quick.workerIdleNanos(),
                TimeUnit.NANOSECONDS, new SynchronousQueue<>(), new TracerThreads("quick-worker", guard));
        Dispatcher dispatcher = new Dispatcher(new TracerThreads("quick-dispatch", guard), workers, Runs.markingDetacher(),
                quick);
        List<Call> handled = new CopyOnWriteArrayList<>();
        TraceHandler handler = handled::add;
        TraceRun run = new TraceRun(1, 10, TraceOptions.defaults().returns(true), handler, null, workers,
                quick.laneLingerNanos(), dispatcher::wake);
        Trace handle = Runs.view(run);
        Probe probe = new Probe(7, TargetMethod.of(Foo.class.getMethod("bar", String.class)));
        try {
            dispatcher.register(run, handle);
            run.start();
            long callId = run.limiter().reserve(0);
            Object[] args = {"a"};
            assertThat(run.limiter().takeRoom(Footprint.call(args, 0) + Footprint.END_RESERVE)).isTrue();
            dispatcher.offer(new Event(run, probe, callId, args, Thread.currentThread(), 0));
            dispatcher.offer(new Event(run, probe, callId, 1, null, Thread.currentThread(), 5, 5));
            run.stop(StopReason.STOPPED);

            assertThat(handle.awaitCompleted(Duration.ofSeconds(10))).isTrue();
            assertThat(run.limiter().roomBytes()).as("room given back").isZero();
            assertThat(run.limiter().roomEvents()).as("room given back").isZero();
            assertThat(handled).extracting(Call::type).containsExactly(CallType.CALL, CallType.RETURN);
            assertThat(handle.stats().lost()).isZero();
            for (Thread thread : deliveryThreads()) {
                thread.join(10_000);
                assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
            }
            assertThat(dispatcher.isRunning()).isFalse();
            assertThat(workers.getPoolSize()).isZero();
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void eventsWaitingBehindOthersInTheQueue_allReachTheHandlerBeforeItsStopNotice() throws Exception {
        // A grace of one nanosecond: only what is really owed may be given up on, never what waits.
        Timings noGrace = new Timings(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(1), 1,
                TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(1));
        ReentryGuard guard = ReentryGuard.shared();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, noGrace.workerIdleNanos(),
                TimeUnit.NANOSECONDS, new SynchronousQueue<>(), new TracerThreads("quick-worker", guard));
        Dispatcher dispatcher = new Dispatcher(new TracerThreads("quick-dispatch", guard), workers,
                Runs.markingDetacher(), noGrace);
        int limit = 40_000;
        AtomicLong handled = new AtomicLong();
        AtomicLong handledAtStop = new AtomicLong(-1);
        TraceHandler handler = new TraceHandler() {
            @Override
            public void handle(Call call) {
                handled.incrementAndGet();
            }

            @Override
            public void stopped(Trace trace) {
                handledAtStop.set(handled.get());
            }
        };
        TraceRun run = new TraceRun(1, limit, TraceOptions.defaults().queueCapacity(limit), handler, null, workers,
                noGrace.laneLingerNanos(), dispatcher::wake);
        Probe probe = new Probe(7, TargetMethod.of(Foo.class.getMethod("bar", String.class)));
        try {
            run.start();
            for (int i = 0; i < limit; i++) {
                long callId = run.limiter().reserve(0);
                Object[] args = {"a"};
                assertThat(run.limiter().takeRoom(Footprint.call(args, 0))).isTrue();
                dispatcher.offer(new Event(run, probe, callId, args, Thread.currentThread(), 0));
            }
            assertThat(run.limiter().reason()).isEqualTo(StopReason.LIMIT_REACHED);
            dispatcher.register(run, Runs.view(run));

            assertThat(run.lane().completed().await(10, TimeUnit.SECONDS))
                    .as("completed; detached %s, handled %d", run.isDetached(), handled.get()).isTrue();
            assertThat(handledAtStop.get()).as("events handled when the stop notice came").isEqualTo(limit);
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * The stop notice is appended to the lane at a moment when no worker can be had (out of memory
     * or threads): the lane is signalled again on later rounds, and the trace completes once a
     * worker can be had, rather than never.
     */
    @Test
    void aStopNoticeThatFindsNoWorker_isHandledOnceOneCanBeHad() throws Exception {
        // The dispatcher lingers 2 s once idle, so it signals a stranded lane for up to 20 s.
        long short20 = TimeUnit.MILLISECONDS.toNanos(20);
        Timings quick = new Timings(TimeUnit.SECONDS.toNanos(2), short20, short20, short20, short20,
                TimeUnit.MILLISECONDS.toNanos(1));
        ReentryGuard guard = ReentryGuard.shared();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, quick.workerIdleNanos(),
                TimeUnit.NANOSECONDS, new SynchronousQueue<>(), new TracerThreads("quick-worker", guard));
        AtomicBoolean noWorkerForLanes = new AtomicBoolean();
        AtomicLong refused = new AtomicLong();
        Executor workers = task -> {
            if (task instanceof Lane && noWorkerForLanes.get()) {
                refused.incrementAndGet();
                throw new RejectedExecutionException("no thread for a lane now");
            }
            pool.execute(task);
        };
        Dispatcher dispatcher = new Dispatcher(new TracerThreads("quick-dispatch", guard), workers,
                Runs.markingDetacher(), quick);
        CountDownLatch stopped = new CountDownLatch(1);
        TraceHandler handler = new TraceHandler() {
            @Override
            public void handle(Call call) {
            }

            @Override
            public void stopped(Trace trace) {
                stopped.countDown();
            }
        };
        TraceRun run = new TraceRun(1, 10, TraceOptions.defaults(), handler, null, workers,
                quick.laneLingerNanos(), dispatcher::wake);
        try {
            dispatcher.register(run, Runs.view(run));
            run.start();
            noWorkerForLanes.set(true);
            run.stop(StopReason.STOPPED);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (refused.get() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(refused.get()).as("times the lane asked for a worker while none could be had")
                    .isGreaterThanOrEqualTo(3);
            assertThat(stopped.getCount()).as("not handled while no worker can be had").isEqualTo(1);

            noWorkerForLanes.set(false);
            assertThat(stopped.await(10, TimeUnit.SECONDS)).as("the stop notice reached the handler").isTrue();
            assertThat(run.lane().completed().await(10, TimeUnit.SECONDS)).isTrue();
            for (Thread thread : deliveryThreads()) {
                thread.join(10_000);
                assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A lane that can never have a worker does not keep the dispatcher's thread for ever. */
    @Test
    void aStopNoticeThatCanNeverHaveAWorker_isGivenUpOn_andTheDispatcherEnds() throws Exception {
        Timings quick = Timings.all(Duration.ofMillis(20));
        ReentryGuard guard = ReentryGuard.shared();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, quick.workerIdleNanos(),
                TimeUnit.NANOSECONDS, new SynchronousQueue<>(), new TracerThreads("quick-worker", guard));
        Executor workers = task -> {
            if (task instanceof Lane) {
                throw new RejectedExecutionException("never a thread for a lane");
            }
            pool.execute(task);
        };
        Dispatcher dispatcher = new Dispatcher(new TracerThreads("quick-dispatch", guard), workers,
                Runs.markingDetacher(), quick);
        TraceRun run = new TraceRun(1, 10, TraceOptions.defaults(), TraceHandler.discard(), null, workers,
                quick.laneLingerNanos(), dispatcher::wake);
        try {
            dispatcher.register(run, Runs.view(run));
            run.start();
            run.stop(StopReason.STOPPED);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dispatcher.isRunning() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            assertThat(dispatcher.isRunning()).as("the dispatcher's thread ended").isFalse();
            assertThat(run.lane().completed().getCount()).as("no worker ever took the stop notice").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A dispatcher napping between rounds (ten minutes here, longer than the test may run) is
     * woken by a trace whose queue room becomes crowded, and by one that closes on a traced
     * thread: what waits is routed, and the trace completes, at once.
     */
    @Test
    void aTraceThatBecomesCrowded_orCloses_endsTheDispatchersNap() throws Exception {
        List<Call> handled = new CopyOnWriteArrayList<>();
        Probe probe = new Probe(7, TargetMethod.of(Foo.class.getMethod("bar", String.class)));
        // Crowded from its third waiting event (a quarter of 8 is 2); closed by its fifth call.
        try (Napping started = Napping.start(TraceOptions.defaults().queueCapacity(8), handled::add)) {
            Dispatcher dispatcher = started.dispatcher();
            TraceRun run = started.run();
            Thread napping = awaitNapping(dispatcher);
            for (int i = 0; i < 3; i++) {
                offerCall(dispatcher, run, probe);
            }
            awaitHandled(handled, 3);
            assertThat(handled).as("routed before the nap's end").hasSize(3);

            awaitNapping(dispatcher);
            offerCall(dispatcher, run, probe);
            offerCall(dispatcher, run, probe);
            assertThat(run.limiter().isOpen()).as("the fifth call closed it").isFalse();
            assertThat(run.lane().completed().await(10, TimeUnit.SECONDS)).as("completed").isTrue();
            assertThat(handled).hasSize(5);
            napping.join(10_000);
            assertThat(napping.isAlive()).as("the dispatcher's thread ended").isFalse();
        }
    }

    /** A trace's time limit inside the dispatcher's nap (ten minutes here) ends it on time, with no call to close it. */
    @Test
    void aTimeLimitInsideTheNap_endsTheTraceOnTime() throws Exception {
        try (Napping started = Napping.start(TraceOptions.defaults().timeout(Duration.ofMillis(100)),
                TraceHandler.discard())) {
            assertThat(started.run().lane().completed().await(10, TimeUnit.SECONDS)).as("completed").isTrue();
            assertThat(started.run().limiter().reason()).isEqualTo(StopReason.TIMEOUT);
        }
    }

    /** A trace of at most 5 calls, followed by a dispatcher whose nap only a wake-up ends; closing shuts its workers down. */
    private record Napping(ThreadPoolExecutor workers, Dispatcher dispatcher, TraceRun run) implements AutoCloseable {

        static Napping start(TraceOptions options, TraceHandler handler) {
            ThreadPoolExecutor workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, LONG_NAP.workerIdleNanos(),
                    TimeUnit.NANOSECONDS, new SynchronousQueue<>(), new TracerThreads("napping-worker", ReentryGuard.shared()));
            Dispatcher dispatcher = new Dispatcher(new TracerThreads("napping-dispatch", ReentryGuard.shared()),
                    workers, Runs.markingDetacher(), LONG_NAP);
            TraceRun run = new TraceRun(1, 5, options, handler, null, workers, LONG_NAP.laneLingerNanos(),
                    dispatcher::wake);
            dispatcher.register(run, Runs.view(run));
            run.start();
            return new Napping(workers, dispatcher, run);
        }

        @Override
        public void close() {
            workers.shutdownNow();
        }
    }

    /** Takes a slot and room as a traced thread does, and offers the call's event. */
    private static void offerCall(Dispatcher dispatcher, TraceRun run, Probe probe) {
        long callId = run.limiter().reserve(0);
        Object[] args = {"a"};
        assertThat(run.limiter().takeRoom(Footprint.call(args, 0))).isTrue();
        dispatcher.offer(new Event(run, probe, callId, args, Thread.currentThread(), 0));
    }

    private static void awaitHandled(List<Call> handled, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handled.size() < count && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Waits until the dispatcher's thread parks for its nap between rounds, and returns it. */
    private static Thread awaitNapping(Dispatcher dispatcher) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().startsWith("smarttracer-napping-dispatch") && LockSupport.getBlocker(thread) == dispatcher
                        && thread.getState() == Thread.State.TIMED_WAITING) {
                    return thread;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new AssertionError("the dispatcher never napped");
    }

    private static List<Thread> deliveryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("smarttracer-quick-") && t.isAlive())
                .toList();
    }
}
