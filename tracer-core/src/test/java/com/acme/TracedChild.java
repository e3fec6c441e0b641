package com.acme;

import dev.smarttracer.TraceHandler;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A JVM for tests that look at it from outside. Reads commands from standard input, one a line:
 * {@code trace} starts tracing {@link Foo#bar}, {@code stop} closes the trace and waits for the
 * detach, {@code exit} ends. Answers each with a line on standard output.
 */
public final class TracedChild {
    private TracedChild() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Foo.bar("loaded");
        System.out.println("READY");
        Trace trace = null;
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.trim()) {
                case "trace" -> {
                    trace = SmartTracer.trace(Foo::bar, 1_000_000, TraceOptions.defaults().handler(TraceHandler.discard()));
                    Foo.bar("traced");
                    System.out.println("TRACING");
                }
                case "stop" -> {
                    trace.close();
                    System.out.println(trace.awaitDetached(Duration.ofSeconds(5)) ? "DETACHED" : "STILL ATTACHED");
                }
                case "exit" -> {
                    System.out.println("BYE");
                    return;
                }
                default -> System.out.println("UNKNOWN " + line);
            }
        }
    }
}
