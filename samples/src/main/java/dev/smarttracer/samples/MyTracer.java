package dev.smarttracer.samples;

import dev.smarttracer.CustomTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallFormatter;
import java.io.PrintStream;

/**
 * A custom tracer: receives every event of its traces on SmartTracer's dispatcher thread and
 * does what it likes with it; this one prints them its own way.
 */
public final class MyTracer extends CustomTracer {

    private final PrintStream out;

    /**
     * Creates the tracer.
     *
     * @param out where to print
     */
    public MyTracer(PrintStream out) {
        this.out = out;
    }

    @Override
    public void handle(Call call) {
        switch (call.type()) {
            case CALL -> out.println("MyTracer: #" + call.callId() + " " + call.methodName() + " got "
                    + call.args().stream().map(CallFormatter::value).toList() + " on thread " + call.threadName());
            case RETURN -> out.println("MyTracer: #" + call.callId() + " " + call.methodName() + " gave "
                    + CallFormatter.value(call.returnValue()) + " after " + call.durationNanos() / 1_000 + " us");
            case EXCEPTION -> out.println("MyTracer: #" + call.callId() + " " + call.methodName() + " threw "
                    + call.exception());
        }
    }

    @Override
    public void stopped(Trace trace) {
        out.println("MyTracer: trace " + trace.id() + " stopped: " + trace.stopReason());
    }
}
