package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A handler that keeps every event and lets a test wait, without sleeping, for the trace's end. */
class Collector implements TraceHandler {

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Trace stoppedTrace;

    @Override
    public void handle(Call call) {
        calls.add(call);
    }

    @Override
    public void stopped(Trace trace) {
        stoppedTrace = trace;
        stopped.countDown();
    }

    /** Waits (10 s at most) until the handler was told the trace stopped; returns every event. */
    List<Call> awaitStopped() throws InterruptedException {
        assertThat(stopped.await(10, TimeUnit.SECONDS)).as("handler told the trace stopped").isTrue();
        return calls;
    }

    Trace stoppedTrace() {
        return stoppedTrace;
    }

    List<Call> ofType(CallType type) {
        return calls.stream().filter(c -> c.type() == type).toList();
    }

    TraceOptions options() {
        return TraceOptions.defaults().handler(this);
    }
}
