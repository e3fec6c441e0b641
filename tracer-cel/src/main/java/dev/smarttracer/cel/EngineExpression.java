package dev.smarttracer.cel;

import java.lang.reflect.Executable;
import java.util.List;

/**
 * What the engine asks of every compiled expression it runs, a condition or a key: the check
 * against the traced methods, and the count and text of its failures, all the expression's own.
 */
abstract class EngineExpression {

    final CelCondition expression;

    EngineExpression(CelCondition expression) {
        this.expression = expression;
    }

    /** Returns the expression as written. */
    public String text() {
        return expression.expression();
    }

    /** Checks what the expression reads of the arguments against the methods; see {@link CelCondition#checkAgainst}. */
    public void checkAgainst(List<? extends Executable> methods) {
        expression.checkAgainst(methods);
    }

    /** Returns how many evaluations failed. */
    public long failures() {
        return expression.failures();
    }

    /** Returns the latest failure as one line, or {@code null}. */
    public String failure() {
        return expression.lastFailure();
    }
}
