package dev.smarttracer.cel;

import dev.smarttracer.internal.delivery.LiveKey;

/**
 * A {@code trace --distinct} key: an expression in the Common Expression Language over a call's
 * arguments and thread ({@code args[0]}, {@code args[0].customerId}), checked when the command
 * reads it and again in the target, and computed on each call's live values as they start, read
 * as values. A key that cannot be computed counts the call as no match, and is counted.
 *
 * <p>Thread-safe.
 */
public final class DistinctKey extends EngineExpression implements LiveKey {

    private DistinctKey(CelCondition expression) {
        super(expression);
    }

    /**
     * Parses and type-checks a key.
     *
     * @param text the expression
     * @return the key
     * @throws IllegalArgumentException with one line naming the column and what to do
     */
    public static DistinctKey compile(String text) {
        try {
            return new DistinctKey(CelCondition.compileKey(text));
        } catch (ConditionException invalid) {
            throw new IllegalArgumentException(invalid.getMessage(), invalid);
        }
    }

    @Override
    public Object key(Object[] arguments, Thread thread) {
        try {
            Object key = expression.key(CallInput.entry(arguments, thread.getName()));
            return key == CelCondition.FAILED_KEY ? FAILED : key;
        } catch (Throwable failure) {
            return FAILED;
        }
    }
}
