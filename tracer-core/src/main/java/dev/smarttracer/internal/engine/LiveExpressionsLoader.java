package dev.smarttracer.internal.engine;

import dev.smarttracer.TracerException;
import dev.smarttracer.internal.delivery.LiveExpressions;
import java.util.ServiceLoader;

/**
 * Finds the compiler of trace expressions, the optional {@code tracer-cel} module, once: on the
 * class path of the application that uses the API.
 */
final class LiveExpressionsLoader {

    private static volatile LiveExpressions found;

    private LiveExpressionsLoader() {
    }

    /**
     * Returns the compiler.
     *
     * @param option the option that needs it, for the error
     * @throws TracerException if no module provides it
     */
    static LiveExpressions expressions(String option) {
        LiveExpressions expressions = found;
        if (expressions == null) {
            expressions = ServiceLoader.load(LiveExpressions.class, LiveExpressions.class.getClassLoader())
                    .findFirst().orElseThrow(() -> new TracerException("TraceOptions." + option + "(String) takes an"
                            + " expression in the Common Expression Language, which the dev.smarttracer:tracer-cel"
                            + " module compiles; add it beside tracer-core, or write the condition in Java with "
                            + (option.equals("where") ? "when(...)" : "distinct(args -> ..., perKey)"), null));
            found = expressions;
        }
        return expressions;
    }
}
