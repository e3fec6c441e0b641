package dev.smarttracer;

import java.io.Serializable;

/**
 * A method reference to trace, such as {@code Foo::bar}: static or instance, void or not, with
 * up to five declared parameters.
 *
 * <p>These interfaces exist so that {@code SmartTracer.trace(Foo::bar, 5)} compiles for any
 * method; users never implement them. They are {@link Serializable} because that makes the
 * compiler record which method a reference points to, exactly (name and descriptor, so
 * overloads resolve to the one referenced). A real lambda ({@code x -> foo(x)}), a constructor
 * reference or a reference to a varargs method is refused: these compile to a synthetic method.
 * If a name is overloaded the compiler may find the reference ambiguous; cast it to the exact
 * interface, or use {@code SmartTracer.trace(Foo.class, "bar", n)}.
 */
public interface MethodRef extends Serializable {

    /**
     * A reference to a method that returns a value, taking 0 parameters (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface Fn0<R> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        R invoke() throws Throwable;
    }

    /**
     * A reference to a method that returns a value, taking 1 parameter (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface Fn1<A, R> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        R invoke(A a) throws Throwable;
    }

    /**
     * A reference to a method that returns a value, taking 2 parameters (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface Fn2<A, B, R> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        R invoke(A a, B b) throws Throwable;
    }

    /**
     * A reference to a method that returns a value, taking 3 parameters (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface Fn3<A, B, C, R> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        R invoke(A a, B b, C c) throws Throwable;
    }

    /**
     * A reference to a method that returns a value, taking 4 parameters (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface Fn4<A, B, C, D, R> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        R invoke(A a, B b, C c, D d) throws Throwable;
    }

    /**
     * A reference to a method that returns a value, taking 5 parameters (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface Fn5<A, B, C, D, E, R> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        R invoke(A a, B b, C c, D d, E e) throws Throwable;
    }

    /**
     * A reference to a method that returns a value, taking 6 parameters (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface Fn6<A, B, C, D, E, F, R> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        R invoke(A a, B b, C c, D d, E e, F f) throws Throwable;
    }

    /**
     * A reference to a method that returns nothing, taking 0 parameters (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface VoidFn0 extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        void invoke() throws Throwable;
    }

    /**
     * A reference to a method that returns nothing, taking 1 parameter (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface VoidFn1<A> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        void invoke(A a) throws Throwable;
    }

    /**
     * A reference to a method that returns nothing, taking 2 parameters (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface VoidFn2<A, B> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        void invoke(A a, B b) throws Throwable;
    }

    /**
     * A reference to a method that returns nothing, taking 3 parameters (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface VoidFn3<A, B, C> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        void invoke(A a, B b, C c) throws Throwable;
    }

    /**
     * A reference to a method that returns nothing, taking 4 parameters (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface VoidFn4<A, B, C, D> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        void invoke(A a, B b, C c, D d) throws Throwable;
    }

    /**
     * A reference to a method that returns nothing, taking 5 parameters (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface VoidFn5<A, B, C, D, E> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        void invoke(A a, B b, C c, D d, E e) throws Throwable;
    }

    /**
     * A reference to a method that returns nothing, taking 6 parameters (for an instance
     * method, the receiver counts as the first).
     */
    @FunctionalInterface
    interface VoidFn6<A, B, C, D, E, F> extends MethodRef {
        /** Invokes the referenced method; never called by SmartTracer. */
        void invoke(A a, B b, C c, D d, E e, F f) throws Throwable;
    }
}
