package com.acme;

import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import java.time.Duration;

/** A JVM that traces with the default handler, then prints {@code DONE}. */
public final class DefaultHandlerChild {
    private DefaultHandlerChild() {
    }

    public static void main(String[] args) throws Exception {
        Trace trace = SmartTracer.trace(Foo::bar, 1, TraceOptions.defaults().returns(true));
        Foo.bar("Buzz");
        trace.awaitCompleted(Duration.ofSeconds(10));
        System.out.println("DONE");
    }
}
