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
 * <p>{@link #handle} runs on SmartTracer's dispatcher thread, one event at a time; see
 * {@link TraceHandler}.
 */
// Each Fn/VoidFn pair is meant to overlap: for a non-void method the compiler picks Fn (the
// more specific), a void method fits only VoidFn.
@SuppressWarnings("overloads")
public abstract class CustomTracer implements TraceHandler {

    /** Creates the tracer. */
    protected CustomTracer() {
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn0, int)
     */
    public final <R> Trace trace(MethodRef.Fn0<R> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn0, int, TraceOptions)
     */
    public final <R> Trace trace(MethodRef.Fn0<R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn1, int)
     */
    public final <A, R> Trace trace(MethodRef.Fn1<A, R> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn1, int, TraceOptions)
     */
    public final <A, R> Trace trace(MethodRef.Fn1<A, R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn2, int)
     */
    public final <A, B, R> Trace trace(MethodRef.Fn2<A, B, R> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn2, int, TraceOptions)
     */
    public final <A, B, R> Trace trace(MethodRef.Fn2<A, B, R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn3, int)
     */
    public final <A, B, C, R> Trace trace(MethodRef.Fn3<A, B, C, R> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn3, int, TraceOptions)
     */
    public final <A, B, C, R> Trace trace(MethodRef.Fn3<A, B, C, R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn4, int)
     */
    public final <A, B, C, D, R> Trace trace(MethodRef.Fn4<A, B, C, D, R> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn4, int, TraceOptions)
     */
    public final <A, B, C, D, R> Trace trace(MethodRef.Fn4<A, B, C, D, R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn5, int)
     */
    public final <A, B, C, D, E, R> Trace trace(MethodRef.Fn5<A, B, C, D, E, R> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn5, int, TraceOptions)
     */
    public final <A, B, C, D, E, R> Trace trace(MethodRef.Fn5<A, B, C, D, E, R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn6, int)
     */
    public final <A, B, C, D, E, F, R> Trace trace(MethodRef.Fn6<A, B, C, D, E, F, R> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.Fn6, int, TraceOptions)
     */
    public final <A, B, C, D, E, F, R> Trace trace(MethodRef.Fn6<A, B, C, D, E, F, R> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn0, int)
     */
    public final Trace trace(MethodRef.VoidFn0 method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn0, int, TraceOptions)
     */
    public final Trace trace(MethodRef.VoidFn0 method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn1, int)
     */
    public final <A> Trace trace(MethodRef.VoidFn1<A> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn1, int, TraceOptions)
     */
    public final <A> Trace trace(MethodRef.VoidFn1<A> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn2, int)
     */
    public final <A, B> Trace trace(MethodRef.VoidFn2<A, B> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn2, int, TraceOptions)
     */
    public final <A, B> Trace trace(MethodRef.VoidFn2<A, B> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn3, int)
     */
    public final <A, B, C> Trace trace(MethodRef.VoidFn3<A, B, C> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn3, int, TraceOptions)
     */
    public final <A, B, C> Trace trace(MethodRef.VoidFn3<A, B, C> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn4, int)
     */
    public final <A, B, C, D> Trace trace(MethodRef.VoidFn4<A, B, C, D> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn4, int, TraceOptions)
     */
    public final <A, B, C, D> Trace trace(MethodRef.VoidFn4<A, B, C, D> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn5, int)
     */
    public final <A, B, C, D, E> Trace trace(MethodRef.VoidFn5<A, B, C, D, E> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn5, int, TraceOptions)
     */
    public final <A, B, C, D, E> Trace trace(MethodRef.VoidFn5<A, B, C, D, E> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn6, int)
     */
    public final <A, B, C, D, E, F> Trace trace(MethodRef.VoidFn6<A, B, C, D, E, F> method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of the referenced method into this handler.
     *
     * @param method a method reference such as {@code Foo::bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(MethodRef.VoidFn6, int, TraceOptions)
     */
    public final <A, B, C, D, E, F> Trace trace(MethodRef.VoidFn6<A, B, C, D, E, F> method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces the next {@code limit} calls of a method into this handler.
     *
     * @param method the method
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(Method, int)
     */
    public final Trace trace(Method method, int limit) {
        return SmartTracer.trace(method, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the next {@code limit} calls of a method into this handler.
     *
     * @param method the method
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(Method, int, TraceOptions)
     */
    public final Trace trace(Method method, int limit, TraceOptions options) {
        return SmartTracer.trace(method, limit, withThis(options));
    }

    /**
     * Traces every overload of a method name into this handler.
     *
     * @param type the declaring class
     * @param methodName the method name
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(Class, String, int)
     */
    public final Trace trace(Class<?> type, String methodName, int limit) {
        return SmartTracer.trace(type, methodName, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces every overload of a method name into this handler.
     *
     * @param type the declaring class
     * @param methodName the method name
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(Class, String, int, TraceOptions)
     */
    public final Trace trace(Class<?> type, String methodName, int limit, TraceOptions options) {
        return SmartTracer.trace(type, methodName, limit, withThis(options));
    }

    /**
     * Traces the methods a pattern selects into this handler.
     *
     * @param pattern e.g. {@code com.acme.Foo#bar}
     * @param limit how many calls to deliver, at least 1
     * @return the running trace
     * @see SmartTracer#trace(String, int)
     */
    public final Trace trace(String pattern, int limit) {
        return SmartTracer.trace(pattern, limit, withThis(TraceOptions.defaults()));
    }

    /**
     * Traces the methods a pattern selects into this handler.
     *
     * @param pattern e.g. {@code com.acme.Foo#bar}
     * @param limit how many calls to deliver, at least 1
     * @param options how to trace; its handler is replaced by this one
     * @return the running trace
     * @see SmartTracer#trace(String, int, TraceOptions)
     */
    public final Trace trace(String pattern, int limit, TraceOptions options) {
        return SmartTracer.trace(pattern, limit, withThis(options));
    }

    private TraceOptions withThis(TraceOptions options) {
        return Objects.requireNonNull(options, "options").handler(this);
    }
}
