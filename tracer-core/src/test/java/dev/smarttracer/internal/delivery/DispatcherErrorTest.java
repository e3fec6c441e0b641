package dev.smarttracer.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.internal.reentry.ReentryGuard;
import dev.smarttracer.internal.reentry.TracerThreads;
import dev.smarttracer.recorder.StopReason;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dispatcher meets an Error that even its report cannot survive (the JVM out of memory, so
 * logging fails too): it carries on, and every later trace is still detached.
 */
@Timeout(60)
class DispatcherErrorTest {

    @Test
    void aRoundThatFails_andWhoseReportFailsToo_leavesTheDispatcherMovingTracesAlong() throws Exception {
        ReentryGuard guard = ReentryGuard.shared();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new TracerThreads("test-worker", guard));
        Dispatcher dispatcher = new Dispatcher(new TracerThreads("test-dispatch", guard), workers, Runs.markingDetacher(),
                Timings.DEFAULT);
        TraceOptions options = TraceOptions.defaults().handler(TraceHandler.discard());
        TraceRun poisoned = new TraceRun(1, 10, options, TraceHandler.discard(), null, workers, 0,
                dispatcher::wake);
        TraceRun later = new TraceRun(2, 10, options, TraceHandler.discard(), null, workers, 0,
                dispatcher::wake);
        PrintStream err = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                throw new OutOfMemoryError("no memory to report with");
            }
        }, true));
        try {
            // An event of no probe: turning it into a call fails on the dispatcher's thread.
            dispatcher.offer(new Event(poisoned, null, 1, new Object[0], Thread.currentThread(), 0));
            dispatcher.register(later, Runs.view(later));
            later.stop(StopReason.STOPPED);

            assertThat(later.detached().await(10, TimeUnit.SECONDS)).as("a trace finished after the failure is"
                    + " detached").isTrue();
            assertThat(dispatcher.failures()).isEqualTo(1);
        } finally {
            System.setErr(err);
            workers.shutdown();
        }
    }
}
