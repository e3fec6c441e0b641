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
 * detach; {@code selections} traces a constructor, a lambda object and three selections that take
 * classes as they load (a wildcard, an interface's implementations, an annotation), then loads and
 * calls those classes; {@code stop-all} closes every trace and waits for the detaches;
 * {@code exit} ends. Answers each with a line on standard output.
 */
public final class TracedChild {
    private TracedChild() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Foo.bar("loaded");
        java.util.function.Function<String, String> shout = Handlers.shout("!");
        new Built.Point(1, 2).sum();
        shout.apply("loaded");
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
                case "selections" -> {
                    TraceOptions options = TraceOptions.defaults().handler(TraceHandler.discard()).returns(true);
                    SmartTracer.trace((dev.smarttracer.MethodRef.Fn2<Integer, Integer, Built.Point>) Built.Point::new,
                            1_000_000, options);
                    SmartTracer.trace(shout, 1_000_000, options);
                    SmartTracer.trace("com.acme.later.AppLoaded*#applyAsInt", 1_000_000, options);
                    SmartTracer.trace("com.acme.later.Handler#handle", 1_000_000, options);
                    SmartTracer.trace("@com.acme.later.Watched", 1_000_000, options);
                    new Built.Point(3, 4).sum();
                    shout.apply("traced");
                    ((java.util.function.IntUnaryOperator) Class.forName("com.acme.later.AppLoadedWorker")
                            .getDeclaredConstructor().newInstance()).applyAsInt(1);
                    ((com.acme.later.Handler) Class.forName("com.acme.later.LateHandler")
                            .getDeclaredConstructor().newInstance()).handle("traced");
                    @SuppressWarnings("unchecked")
                    java.util.function.UnaryOperator<String> watched = (java.util.function.UnaryOperator<String>)
                            Class.forName("com.acme.later.WatchedService").getDeclaredConstructor().newInstance();
                    watched.apply("traced");
                    System.out.println("TRACING " + SmartTracer.activeTraces().size());
                }
                case "stop-all" -> {
                    boolean detached = true;
                    for (Trace active : SmartTracer.activeTraces()) {
                        active.close();
                        detached &= active.awaitDetached(Duration.ofSeconds(5));
                    }
                    System.out.println(detached ? "DETACHED" : "STILL ATTACHED");
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
