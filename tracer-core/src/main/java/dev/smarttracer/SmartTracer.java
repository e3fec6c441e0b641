package dev.smarttracer;

import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.Recording;
import dev.smarttracer.recorder.StopReason;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;

/**
 * Traces calls to chosen methods of this JVM: their arguments, return values and exceptions.
 *
 * <p>Every trace is bounded: after {@code limit} calls (or a rate, or a time limit) it switches
 * itself off and the original bytecode is restored. The first {@code limit} calls that start
 * after {@code trace} returns are delivered, never one more, whatever the number of threads; if
 * several methods are selected, the limit counts across all of them.
 *
 * <pre>{@code
 * SmartTracer.trace(Foo::bar, 5);                                   // next 5 calls, arguments logged
 * SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().returns(true));
 * SmartTracer.trace(Foo.class, "getName", 5, TraceOptions.defaults().scope(Scope.LOCAL));
 * SmartTracer.trace("com.acme.*Service#get*", 100, TraceOptions.defaults().rate(10, Duration.ofSeconds(1)));
 * try (Trace t = SmartTracer.trace(Foo::bar, 5)) { ... }            // close() stops and detaches
 * }</pre>
 *
 * <p>The first trace in a JVM obtains {@link java.lang.instrument.Instrumentation}: from the
 * SmartTracer agent if it was loaded, otherwise by attaching to this JVM (on JDK 21+ that prints
 * a warning unless the JVM runs with {@code -XX:+EnableDynamicAgentLoading}).
 *
 * <p>Thread-safe: traces may be started and stopped from any thread.
 */
// Each Fn/VoidFn pair is meant to overlap: for a non-void method the compiler picks Fn (the
// more specific), a void method fits only VoidFn.
@SuppressWarnings("overloads")
public final class SmartTracer {

    private SmartTracer() {
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking no parameter,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <R> Trace trace(MethodRef.Fn0<R> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking no parameter,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <R> Trace trace(MethodRef.Fn0<R> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 1 parameter,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, R> Trace trace(MethodRef.Fn1<A, R> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of the referenced method.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace
     * @return the running trace
     * @throws IllegalArgumentException if the reference cannot be traced, with the reason and the fix
     * @throws TracerException if the bytecode could not be changed
     */
    public static <A, R> Trace trace(MethodRef.Fn1<A, R> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 2 parameters,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, R> Trace trace(MethodRef.Fn2<A, B, R> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 2 parameters,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, R> Trace trace(MethodRef.Fn2<A, B, R> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 3 parameters,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, R> Trace trace(MethodRef.Fn3<A, B, C, R> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 3 parameters,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, R> Trace trace(MethodRef.Fn3<A, B, C, R> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 4 parameters,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, D, R> Trace trace(MethodRef.Fn4<A, B, C, D, R> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 4 parameters,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, D, R> Trace trace(MethodRef.Fn4<A, B, C, D, R> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 5 parameters,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, D, E, R> Trace trace(MethodRef.Fn5<A, B, C, D, E, R> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 5 parameters,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, D, E, R> Trace trace(MethodRef.Fn5<A, B, C, D, E, R> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 6 parameters,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, D, E, F, R> Trace trace(MethodRef.Fn6<A, B, C, D, E, F, R> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 6 parameters,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, D, E, F, R> Trace trace(MethodRef.Fn6<A, B, C, D, E, F, R> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking no parameter and returning nothing,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static Trace trace(MethodRef.VoidFn0 method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking no parameter and returning nothing,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static Trace trace(MethodRef.VoidFn0 method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 1 parameter and returning nothing,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A> Trace trace(MethodRef.VoidFn1<A> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 1 parameter and returning nothing,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A> Trace trace(MethodRef.VoidFn1<A> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 2 parameters and returning nothing,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B> Trace trace(MethodRef.VoidFn2<A, B> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 2 parameters and returning nothing,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B> Trace trace(MethodRef.VoidFn2<A, B> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 3 parameters and returning nothing,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C> Trace trace(MethodRef.VoidFn3<A, B, C> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 3 parameters and returning nothing,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C> Trace trace(MethodRef.VoidFn3<A, B, C> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 4 parameters and returning nothing,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, D> Trace trace(MethodRef.VoidFn4<A, B, C, D> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 4 parameters and returning nothing,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, D> Trace trace(MethodRef.VoidFn4<A, B, C, D> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 5 parameters and returning nothing,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, D, E> Trace trace(MethodRef.VoidFn5<A, B, C, D, E> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 5 parameters and returning nothing,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, D, E> Trace trace(MethodRef.VoidFn5<A, B, C, D, E> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 6 parameters and returning nothing,
     * with default options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, D, E, F> Trace trace(MethodRef.VoidFn6<A, B, C, D, E, F> method, int limit) {
        return traceRef(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method reference taking 6 parameters and returning nothing,
     * with these options; see {@link #trace(MethodRef.Fn1, int, TraceOptions)}.
     */
    public static <A, B, C, D, E, F> Trace trace(MethodRef.VoidFn6<A, B, C, D, E, F> method, int limit, TraceOptions options) {
        return traceRef(method, limit, options);
    }

    /**
     * Traces the next {@code limit} calls of a method, with default options.
     *
     * @param method the method; private methods need {@link Scope#LOCAL}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @throws IllegalArgumentException if the method cannot be traced, with the reason and the fix
     * @throws TracerException if the bytecode could not be changed
     */
    public static Trace trace(Method method, int limit) {
        return trace(method, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of a method.
     *
     * @param method the method; private methods need {@link Scope#LOCAL}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace
     * @return the running trace
     * @throws IllegalArgumentException if the method cannot be traced, with the reason and the fix
     * @throws TracerException if the bytecode could not be changed
     */
    public static Trace trace(Method method, int limit, TraceOptions options) {
        Objects.requireNonNull(method, "method");
        return TraceEngine.instance().traceMethod(method, limit, requireOptions(options));
    }

    /**
     * Traces the next {@code limit} calls of every method of that name declared by a class (all
     * overloads), with default options.
     *
     * @param type the declaring class
     * @param methodName the method name
     * @param limit how many calls to deliver across all overloads, at least 1
     * @return the running trace
     * @throws IllegalArgumentException if nothing traceable has that name, with the near names
     * @throws TracerException if the bytecode could not be changed
     */
    public static Trace trace(Class<?> type, String methodName, int limit) {
        return trace(type, methodName, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of every method of that name declared by a class (all
     * overloads).
     *
     * @param type the declaring class
     * @param methodName the method name
     * @param limit how many calls to deliver across all overloads, at least 1
     * @param options how to trace
     * @return the running trace
     * @throws IllegalArgumentException if nothing traceable has that name, with the near names
     * @throws TracerException if the bytecode could not be changed
     */
    public static Trace trace(Class<?> type, String methodName, int limit, TraceOptions options) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(methodName, "methodName");
        return TraceEngine.instance().traceNamed(type, methodName, limit, requireOptions(options));
    }

    /**
     * Traces the next {@code limit} calls of what a lambda or method-reference object you hold runs,
     * with default options: exactly as if you had named that method (a lambda's body is the private
     * method {@code lambda$...} the compiler wrote into the class that declares the lambda).
     *
     * @param function a lambda or method reference, e.g. the {@code Function} a framework was given
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @throws IllegalArgumentException if the object is not a lambda or method reference, or the JVM
     *     cannot tell which method it runs (one that calls it through a method handle); the message
     *     says how to name the method instead
     * @throws TracerException if the bytecode could not be changed
     */
    public static Trace trace(Object function, int limit) {
        return trace(function, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of what a lambda or method-reference object you hold runs.
     *
     * @param function a lambda or method reference, e.g. the {@code Function} a framework was given
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace
     * @return the running trace
     * @throws IllegalArgumentException if the object is not a lambda or method reference, or the JVM
     *     cannot tell which method it runs
     * @throws TracerException if the bytecode could not be changed
     * @see #trace(Object, int)
     */
    public static Trace trace(Object function, int limit, TraceOptions options) {
        Objects.requireNonNull(function, "function");
        return TraceEngine.instance().traceFunction(function, limit, requireOptions(options));
    }

    /**
     * Traces the next {@code limit} calls of the methods a pattern selects, with default options.
     *
     * @param pattern {@code com.acme.Foo#bar}, {@code com.acme.Foo#bar(java.lang.String)} or
     *     {@code com.acme.Foo::bar}, with {@code *} wildcards in the class and method names,
     *     {@code com.acme.Foo#new} for constructors, {@code @com.acme.Audited} for an annotation; a
     *     class that loads while the trace runs is taken too if the pattern has a class wildcard,
     *     names an interface's or abstract class's method, or an annotation
     * @param limit how many calls to deliver across all selected methods, at least 1
     * @return the running trace
     * @throws IllegalArgumentException if the pattern is malformed or selects nothing traceable
     * @throws TracerException if the bytecode could not be changed
     */
    public static Trace trace(String pattern, int limit) {
        return trace(pattern, limit, TraceOptions.defaults());
    }

    /**
     * Traces the next {@code limit} calls of the methods a pattern selects.
     *
     * @param pattern {@code com.acme.Foo#bar}, {@code com.acme.Foo#bar(java.lang.String)} or
     *     {@code com.acme.Foo::bar}, with {@code *} wildcards in the class and method names,
     *     {@code com.acme.Foo#new} for constructors, {@code @com.acme.Audited} for an annotation; a
     *     class that loads while the trace runs is taken too if the pattern has a class wildcard,
     *     names an interface's or abstract class's method, or an annotation
     * @param limit how many calls to deliver across all selected methods, at least 1
     * @param options how to trace
     * @return the running trace
     * @throws IllegalArgumentException if the pattern is malformed or selects nothing traceable
     * @throws TracerException if the bytecode could not be changed
     */
    public static Trace trace(String pattern, int limit, TraceOptions options) {
        Objects.requireNonNull(pattern, "pattern");
        return TraceEngine.instance().tracePattern(pattern, limit, requireOptions(options));
    }

    /**
     * Returns the recorder that traces with {@code record(true)} write to by default. Bounded by
     * {@link Recorder#DEFAULT_MAX_EVENTS} events and {@link Recorder#DEFAULT_MAX_BYTES} bytes.
     */
    public static Recorder recorder() {
        return TraceEngine.instance().recorder();
    }

    /** Returns every event the default recorder holds, oldest first. */
    public static List<Call> playback() {
        return recorder().playback();
    }

    /**
     * Returns one trace's recorded events, oldest first.
     *
     * @param traceId the trace, see {@link Trace#id()}
     * @return its events, empty if none are kept
     */
    public static List<Call> playback(long traceId) {
        return recorder().playback(traceId);
    }

    /**
     * Plays the default recorder's recordings into a handler as they were delivered live: for
     * each recording, in the order the traces started, its events oldest first, then the
     * handler's {@link TraceHandler#stopped} notice if the trace has stopped. The default
     * {@code LoggingHandler} prints the same lines as it did live. Runs on the calling thread.
     *
     * @param handler receives the events
     */
    public static void playback(TraceHandler handler) {
        Objects.requireNonNull(handler, "handler");
        for (Recording recording : recorder().recordings()) {
            TraceEngine.instance().replay(recording, handler);
        }
    }

    /** Stops every active trace of this JVM with {@link StopReason#STOPPED}. Recordings are kept. */
    public static void stop() {
        TraceEngine.instance().stopAll();
    }

    /** Returns the traces that are still active, oldest first. */
    public static List<Trace> activeTraces() {
        return TraceEngine.instance().activeTraces();
    }

    private static Trace traceRef(MethodRef method, int limit, TraceOptions options) {
        Objects.requireNonNull(method, "method");
        return TraceEngine.instance().traceRef(method, limit, requireOptions(options));
    }

    private static TraceOptions requireOptions(TraceOptions options) {
        return Objects.requireNonNull(options, "options");
    }
}
