package com.acme;

import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.internal.engine.TraceEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JVM, started with a small heap, that runs out of memory while a trace delivers, recovers,
 * and reports what the tracer left: one line each, {@code LEFT <active traces>}, {@code
 * INSTRUMENTED <classes>}, {@code DELIVERED <calls of a new trace>}.
 */
public final class OutOfMemoryChild {

    private static volatile Object sink;

    private OutOfMemoryChild() {
    }

    public static void main(String[] args) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong calls = new AtomicLong();
        Thread caller = new Thread(() -> {
            while (running.get()) {
                try {
                    sink = Foo.bar("call " + calls.incrementAndGet());
                } catch (OutOfMemoryError ignored) {
                    // the application's own allocation failed; it goes on
                }
            }
        }, "caller");
        caller.start();
        Trace first = SmartTracer.trace(Foo::bar, Integer.MAX_VALUE,
                TraceOptions.defaults().returns(true).handler(call -> { }));
        while (first.delivered() < 1_000) {
            Thread.onSpinWait();
        }

        List<long[]> hog = new ArrayList<>();
        int failures = 0;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < until) {
            try {
                hog.add(new long[16 * 1024]);
            } catch (OutOfMemoryError full) {
                failures++;
                Thread.onSpinWait();
            }
        }
        hog = null;
        System.gc();
        System.out.println("OOM " + failures);

        first.close();
        first.awaitDetached(Duration.ofSeconds(10));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((!TraceEngine.instance().activeTraces().isEmpty() || TraceEngine.instance().instrumentedClasses() > 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        System.out.println("LEFT " + TraceEngine.instance().activeTraces().size());
        System.out.println("INSTRUMENTED " + TraceEngine.instance().instrumentedClasses());

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicLong delivered = new AtomicLong();
        Trace second = SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().returns(true).handler(new TraceHandler() {
            @Override
            public void handle(dev.smarttracer.recorder.Call call) {
                if (call.type() == dev.smarttracer.recorder.CallType.CALL) {
                    delivered.incrementAndGet();
                }
            }

            @Override
            public void stopped(Trace trace) {
                stopped.countDown();
            }
        }));
        boolean completed = stopped.await(10, TimeUnit.SECONDS) && second.awaitDetached(Duration.ofSeconds(10));
        System.out.println("DELIVERED " + delivered.get() + (completed ? "" : " (not completed)"));
        System.out.println("INSTRUMENTED " + TraceEngine.instance().instrumentedClasses());
        running.set(false);
        caller.join();
    }
}
