package dev.smarttracer.cel;

import dev.smarttracer.internal.delivery.LiveCondition;
import dev.smarttracer.internal.delivery.LiveExpressions;
import dev.smarttracer.internal.delivery.LiveKey;

/**
 * The expressions of {@code TraceOptions.where(String)} and {@code TraceOptions.distinct(String, int)}
 * in the Common Expression Language, the same as the command line's {@code --where} and
 * {@code --distinct}. Found by tracer-core through {@link java.util.ServiceLoader} when this module is
 * on the class path.
 */
public final class CelExpressions implements LiveExpressions {

    /** Created by the service loader. */
    public CelExpressions() {
    }

    @Override
    public LiveCondition condition(String expression) {
        return WhereCondition.compile(expression);
    }

    @Override
    public LiveKey key(String expression) {
        return DistinctKey.compile(expression);
    }
}
