package dev.smarttracer.internal.delivery;

/**
 * Compiles the expressions of {@link dev.smarttracer.TraceOptions#where(String)} and
 * {@link dev.smarttracer.TraceOptions#distinct(String, int)}: implemented by the optional
 * {@code tracer-cel} module, found with {@link java.util.ServiceLoader}, so that tracer-core
 * carries no expression language itself.
 */
public interface LiveExpressions {

    /**
     * Parses and type-checks a condition.
     *
     * @param expression the expression
     * @return the condition
     * @throws IllegalArgumentException one line naming the column and the fix, if it is not one
     */
    LiveCondition condition(String expression);

    /**
     * Parses and type-checks the key of a per-key limit.
     *
     * @param expression the expression
     * @return the key
     * @throws IllegalArgumentException one line naming the column and the fix, if it is not one
     */
    LiveKey key(String expression);
}
