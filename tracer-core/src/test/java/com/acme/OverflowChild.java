package com.acme;

import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.recorder.CallType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JVM that traces {@link Recursion#dive} with returns down to a {@link StackOverflowError},
 * several times, and prints what reached the handler and what the trace counted as lost:
 * {@code RESULT calls exits lost reason completed}.
 */
public final class OverflowChild {
    private OverflowChild() {
    }

    public static void main(String[] args) throws Exception {
        for (int round = 0; round < 3; round++) {
            AtomicLong calls = new AtomicLong();
            AtomicLong exits = new AtomicLong();
            Trace trace = SmartTracer.trace(Recursion::dive, 10_000_000, TraceOptions.defaults().returns(true)
                    .queueCapacity(10_000_000).handler(call -> (call.type() == CallType.CALL ? calls : exits)
                            .incrementAndGet()));
            Recursion.overflow();
            trace.close();
            boolean completed = trace.awaitCompleted(Duration.ofSeconds(30));
            System.out.println("RESULT " + calls + " " + exits + " " + trace.stats().lost() + " " + trace.stopReason()
                    + " " + completed);
        }
        System.out.println("DONE");
    }
}
