package dev.smarttracer.recorder;

import dev.smarttracer.recorder.internal.SnapshotArgs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One recorded trace event: a traced method's entry, return or throw.
 *
 * <p>A {@code Call} holds copies only, never live application objects: every argument and return
 * value is a snapshot value (see {@link #isSnapshotValue(Object)}). Immutable and thread-safe.
 *
 * @param traceId the id of the trace that delivered the event, from 1
 * @param callId the call's number within its trace, 1 to N; a RETURN or EXCEPTION carries the
 *     id of the CALL it ends
 * @param type what the event is
 * @param className the binary name of the class declaring the method, e.g. {@code com.acme.Foo}
 * @param methodName the method's name
 * @param descriptor the method's JVM descriptor, e.g. {@code (Ljava/lang/String;)Ljava/lang/String;}
 * @param arity the number of declared parameters
 * @param args the argument snapshots on a CALL (size {@code arity}); empty on RETURN and EXCEPTION
 * @param returnValue the return value snapshot on a RETURN of a non-void method, else {@code null}
 * @param exception what was thrown, on an EXCEPTION only
 * @param threadName the name of the calling thread when the event happened
 * @param threadId the id of the calling thread
 * @param timestamp when the event happened, with the full precision of the tracer's clock
 * @param durationNanos on RETURN and EXCEPTION, nanoseconds since the call's entry; 0 on CALL
 * @param stack on a CALL whose trace asks for caller stacks, the frames that called the method,
 *     its direct caller first; empty otherwise
 */
public record Call(
        long traceId,
        long callId,
        CallType type,
        String className,
        String methodName,
        String descriptor,
        int arity,
        List<Object> args,
        Object returnValue,
        ExceptionInfo exception,
        String threadName,
        long threadId,
        Instant timestamp,
        long durationNanos,
        List<CallerFrame> stack) {

    /** Validates the event and copies its arguments and stack into unmodifiable lists. */
    public Call {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(timestamp, "timestamp");
        if (traceId < 1 || callId < 1) {
            throw new IllegalArgumentException("traceId and callId start at 1; got traceId "
                    + traceId + ", callId " + callId);
        }
        if (arity < 0) {
            throw new IllegalArgumentException("arity must be 0 or more; got " + arity);
        }
        args = copyArgs(type, arity, args);
        if (!isSnapshotValue(returnValue)) {
            throw notSnapshot("returnValue", returnValue);
        }
        if (type != CallType.RETURN && returnValue != null) {
            throw new IllegalArgumentException("only a RETURN carries a returnValue; this is a " + type);
        }
        if ((type == CallType.EXCEPTION) != (exception != null)) {
            throw new IllegalArgumentException("an EXCEPTION, and only an EXCEPTION, carries an exception; this is a "
                    + type + " with exception " + exception);
        }
        if (type == CallType.CALL ? durationNanos != 0 : durationNanos < 0) {
            throw new IllegalArgumentException("durationNanos is 0 on a CALL and 0 or more on a RETURN or EXCEPTION; got "
                    + durationNanos + " on a " + type);
        }
        stack = List.copyOf(Objects.requireNonNull(stack, "stack"));
        if (type != CallType.CALL && !stack.isEmpty()) {
            throw new IllegalArgumentException("only a CALL carries a caller stack; this " + type + " has "
                    + stack.size() + " frames");
        }
    }

    /**
     * Creates an event without a caller stack.
     *
     * @param traceId the id of the trace that delivered the event, from 1
     * @param callId the call's number within its trace, 1 to N
     * @param type what the event is
     * @param className the binary name of the class declaring the method
     * @param methodName the method's name
     * @param descriptor the method's JVM descriptor
     * @param arity the number of declared parameters
     * @param args the argument snapshots on a CALL; empty on RETURN and EXCEPTION
     * @param returnValue the return value snapshot on a RETURN of a non-void method, else {@code null}
     * @param exception what was thrown, on an EXCEPTION only
     * @param threadName the name of the calling thread
     * @param threadId the id of the calling thread
     * @param timestamp when the event happened
     * @param durationNanos on RETURN and EXCEPTION, nanoseconds since the call's entry; 0 on CALL
     */
    public Call(long traceId, long callId, CallType type, String className, String methodName, String descriptor,
            int arity, List<Object> args, Object returnValue, ExceptionInfo exception, String threadName,
            long threadId, Instant timestamp, long durationNanos) {
        this(traceId, callId, type, className, methodName, descriptor, arity, args, returnValue, exception,
                threadName, threadId, timestamp, durationNanos, List.of());
    }

    /**
     * Tells whether a value may be held by a {@code Call}: {@code null}, a boxed primitive, a
     * {@code String}, an {@link EnumValue} or a {@link Rendered}.
     *
     * @param value any value
     * @return whether it is a snapshot value
     */
    public static boolean isSnapshotValue(Object value) {
        return value == null
                || value instanceof String
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Boolean
                || value instanceof Double
                || value instanceof Character
                || value instanceof Float
                || value instanceof Short
                || value instanceof Byte
                || value instanceof EnumValue
                || value instanceof Rendered;
    }

    /** Returns {@code className.methodName/arity}, e.g. {@code com.acme.Foo.bar/1}. */
    public String signature() {
        return className + "." + methodName + "/" + arity;
    }

    /** Tells whether the traced method is declared {@code void} (its descriptor ends in {@code V}). */
    public boolean isVoid() {
        return descriptor.endsWith(")V");
    }

    private static List<Object> copyArgs(CallType type, int arity, List<Object> args) {
        Objects.requireNonNull(args, "args");
        if (type != CallType.CALL) {
            if (!args.isEmpty()) {
                throw new IllegalArgumentException("only a CALL carries arguments; this " + type + " has " + args.size());
            }
            return List.of();
        }
        if (args.size() != arity) {
            throw new IllegalArgumentException("a CALL of arity " + arity + " carries " + arity
                    + " arguments; got " + args.size());
        }
        if (args instanceof SnapshotArgs checked) {
            // The tracer's own list: its values were checked as it was made, and nobody can change them.
            return checked;
        }
        // List.copyOf refuses nulls, and null is a legitimate argument.
        List<Object> copy = new ArrayList<>(args);
        for (Object arg : copy) {
            if (!isSnapshotValue(arg)) {
                throw notSnapshot("args", arg);
            }
        }
        return Collections.unmodifiableList(copy);
    }

    private static IllegalArgumentException notSnapshot(String field, Object value) {
        return new IllegalArgumentException(field + " holds a live " + value.getClass().getName()
                + "; a Call holds snapshot values only (null, boxed primitives, String, EnumValue, Rendered)");
    }
}
