package dev.smarttracer;

import java.lang.reflect.Method;
import java.util.Objects;

/**
 * A handler that traces into itself: extend it, implement {@link #handle}, and call its
 * {@code trace} methods, which take the same arguments as {@link SmartTracer}'s.
 *
 * <pre>{@code
 * class CountingTracer extends CustomTracer {
 *     final AtomicInteger calls = new AtomicInteger();
 *     public void handle(Call call) { if (call.type() == CallType.CALL) calls.incrementAndGet(); }
 * }
 * new CountingTracer().trace(Foo::bar, 5, TraceOptions.defaults().returns(true));
 * }</pre>
 *
 * <p>Its {@code trace} methods are those of {@link SmartTracer}, with this tracer as handler;
 * options that name another handler are refused. {@link #handle} runs on one of SmartTracer's
 * threads, one event at a time; see {@link TraceHandler}.
 */
// Each Fn/VoidFn pair is meant to overlap: for a non-void method the compiler picks Fn (the
// more specific), a void method fits only VoidFn.
@SuppressWarnings("overloads")
public abstract class CustomTracer implements TraceHandler {

    /** Creates the tracer. */
    protected CustomTracer() {
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn0, int)}, into this tracer. */
    public final <R> Trace trace(MethodRef.Fn0<R> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn0, int, TraceOptions)}, into this tracer. */
    public final <R> Trace trace(MethodRef.Fn0<R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn1, int)}, into this tracer. */
    public final <A, R> Trace trace(MethodRef.Fn1<A, R> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn1, int, TraceOptions)}, into this tracer. */
    public final <A, R> Trace trace(MethodRef.Fn1<A, R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn2, int)}, into this tracer. */
    public final <A, B, R> Trace trace(MethodRef.Fn2<A, B, R> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn2, int, TraceOptions)}, into this tracer. */
    public final <A, B, R> Trace trace(MethodRef.Fn2<A, B, R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn3, int)}, into this tracer. */
    public final <A, B, C, R> Trace trace(MethodRef.Fn3<A, B, C, R> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn3, int, TraceOptions)}, into this tracer. */
    public final <A, B, C, R> Trace trace(MethodRef.Fn3<A, B, C, R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn4, int)}, into this tracer. */
    public final <A, B, C, D, R> Trace trace(MethodRef.Fn4<A, B, C, D, R> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn4, int, TraceOptions)}, into this tracer. */
    public final <A, B, C, D, R> Trace trace(MethodRef.Fn4<A, B, C, D, R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn5, int)}, into this tracer. */
    public final <A, B, C, D, E, R> Trace trace(MethodRef.Fn5<A, B, C, D, E, R> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn5, int, TraceOptions)}, into this tracer. */
    public final <A, B, C, D, E, R> Trace trace(MethodRef.Fn5<A, B, C, D, E, R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn6, int)}, into this tracer. */
    public final <A, B, C, D, E, F, R> Trace trace(MethodRef.Fn6<A, B, C, D, E, F, R> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.Fn6, int, TraceOptions)}, into this tracer. */
    public final <A, B, C, D, E, F, R> Trace trace(MethodRef.Fn6<A, B, C, D, E, F, R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn0, int)}, into this tracer. */
    public final Trace trace(MethodRef.VoidFn0 method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn0, int, TraceOptions)}, into this tracer. */
    public final Trace trace(MethodRef.VoidFn0 method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn1, int)}, into this tracer. */
    public final <A> Trace trace(MethodRef.VoidFn1<A> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn1, int, TraceOptions)}, into this tracer. */
    public final <A> Trace trace(MethodRef.VoidFn1<A> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn2, int)}, into this tracer. */
    public final <A, B> Trace trace(MethodRef.VoidFn2<A, B> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn2, int, TraceOptions)}, into this tracer. */
    public final <A, B> Trace trace(MethodRef.VoidFn2<A, B> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn3, int)}, into this tracer. */
    public final <A, B, C> Trace trace(MethodRef.VoidFn3<A, B, C> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn3, int, TraceOptions)}, into this tracer. */
    public final <A, B, C> Trace trace(MethodRef.VoidFn3<A, B, C> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn4, int)}, into this tracer. */
    public final <A, B, C, D> Trace trace(MethodRef.VoidFn4<A, B, C, D> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn4, int, TraceOptions)}, into this tracer. */
    public final <A, B, C, D> Trace trace(MethodRef.VoidFn4<A, B, C, D> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn5, int)}, into this tracer. */
    public final <A, B, C, D, E> Trace trace(MethodRef.VoidFn5<A, B, C, D, E> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn5, int, TraceOptions)}, into this tracer. */
    public final <A, B, C, D, E> Trace trace(MethodRef.VoidFn5<A, B, C, D, E> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn6, int)}, into this tracer. */
    public final <A, B, C, D, E, F> Trace trace(MethodRef.VoidFn6<A, B, C, D, E, F> method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(MethodRef.VoidFn6, int, TraceOptions)}, into this tracer. */
    public final <A, B, C, D, E, F> Trace trace(MethodRef.VoidFn6<A, B, C, D, E, F> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(Method, int)}, into this tracer. */
    public final Trace trace(Method method, int limit) {
        return SmartTracer.trace(method, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(Method, int, TraceOptions)}, into this tracer. */
    public final Trace trace(Method method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(Class, String, int)}, into this tracer. */
    public final Trace trace(Class<?> type, String methodName, int limit) {
        return SmartTracer.trace(type, methodName, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(Class, String, int, TraceOptions)}, into this tracer. */
    public final Trace trace(Class<?> type, String methodName, int limit, TraceOptions options) {
        return SmartTracer.trace(type, methodName, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(Object, int)}, into this tracer. */
    public final Trace trace(Object function, int limit) {
        return SmartTracer.trace(function, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(Object, int, TraceOptions)}, into this tracer. */
    public final Trace trace(Object function, int limit, TraceOptions options) {
        return SmartTracer.trace(function, limit, into(options));
    }

    /** Like {@link SmartTracer#trace(String, int)}, into this tracer. */
    public final Trace trace(String pattern, int limit) {
        return SmartTracer.trace(pattern, limit, into(TraceOptions.defaults()));
    }

    /** Like {@link SmartTracer#trace(String, int, TraceOptions)}, into this tracer. */
    public final Trace trace(String pattern, int limit, TraceOptions options) {
        return SmartTracer.trace(pattern, limit, into(options));
    }

    /**
     * Returns the options with this tracer as their handler.
     *
     * @throws IllegalArgumentException if they already name another handler
     */
    private TraceOptions into(TraceOptions options) {
        Objects.requireNonNull(options, "options");
        TraceHandler named = options.handler().orElse(this);
        if (named != this) {
            throw new IllegalArgumentException("a CustomTracer traces into itself, but the options name another"
                    + " handler (" + named.getClass().getName() + "); drop .handler(...) from the options, or pass"
                    + " them to SmartTracer.trace instead");
        }
        return options.handler(this);
    }
}
