package dev.smarttracer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.internal.select.TargetMethod;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The delivery threads, built with short {@link Timings}: an event goes one way from the queue to
 * the handler, the trace completes, and then the dispatcher's thread and the workers are gone,
 * without the test waiting out the engine's real linger times.
 */
@Timeout(60)
class DeliveryThreadsTest {

    @BeforeAll
    static void bridgeInPlace() {
        // The probe table reads the bridge, which the first trace puts into the bootstrap loader.
        SmartTracer.trace(Foo::bar, 1, TraceOptions.defaults().handler(TraceHandler.discard())).close();
    }

    @Test
    void aTraceCompletes_thenEveryDeliveryThreadEnds() throws Exception {
        Timings quick = Timings.all(Duration.ofMillis(20));
        ReentryGuard guard = ReentryGuard.shared();
        ProbeTable probes = new ProbeTable();
        ProbeInstaller installer = new ProbeInstaller(probes, new ClassInstrumenter(null, null, probes), guard);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, quick.workerIdleNanos(),
                TimeUnit.NANOSECONDS, new SynchronousQueue<>(), new TracerThreads("quick-worker", guard));
        Dispatcher dispatcher = new Dispatcher(new TracerThreads("quick-dispatch", guard), workers, installer, quick);
        List<Call> handled = new CopyOnWriteArrayList<>();
        TraceHandler handler = handled::add;
        TraceRun run = new TraceRun(1, 10, TraceOptions.defaults().returns(true), handler, null, workers,
                quick.laneLingerNanos(), dispatcher::wake);
        TraceHandle handle = new TraceHandle(run, handler);
        Probe probe = new Probe(7, TargetMethod.of(Foo.class.getMethod("bar", String.class)));
        try {
            dispatcher.register(run, handle);
            run.start();
            long callId = run.limiter().reserve(0);
            dispatcher.offer(new Event(run, probe, callId, new Object[] {"a"}, Thread.currentThread(), 0));
            dispatcher.offer(new Event(run, probe, callId, 1, null, Thread.currentThread(), 5, 5));
            run.stop(StopReason.STOPPED);

            assertThat(handle.awaitCompleted(Duration.ofSeconds(10))).isTrue();
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

    private static List<Thread> deliveryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("smarttracer-quick-") && t.isAlive())
                .toList();
    }
}
