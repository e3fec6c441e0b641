package dev.smarttracer.cel;

import dev.smarttracer.internal.delivery.LiveCondition;

/**
 * A {@code trace --where} condition: an expression in the Common Expression Language, checked
 * when the command reads it and again in the target before anything is instrumented, and
 * evaluated there on each call's live values, read as values (never by calling the application's
 * methods), with an iteration limit. An expression that names only {@code args} and
 * {@code thread} is decided as the call starts; one that names {@code result}, {@code exception}
 * or {@code elapsed} as it ends.
 *
 * <p>Thread-safe.
 */
public final class WhereCondition extends EngineExpression implements LiveCondition {

    private static final String EXIT_ONLY = "is known only when the call exits";

    private WhereCondition(CelCondition expression) {
        super(expression);
    }

    /**
     * Parses and type-checks a condition.
     *
     * @param text the expression
     * @return the condition
     * @throws IllegalArgumentException with one line naming the column and what to do, if it is
     *     not a valid condition
     */
    public static WhereCondition compile(String text) {
        try {
            return new WhereCondition(CelCondition.compile(text, Stage.ENTRY));
        } catch (ConditionException atEntry) {
            try {
                return new WhereCondition(CelCondition.compile(text, Stage.EXIT));
            } catch (ConditionException atExit) {
                String message = atEntry.getMessage().contains(EXIT_ONLY) ? atExit.getMessage() : atEntry.getMessage();
                throw new IllegalArgumentException(message, atEntry);
            }
        }
    }


    @Override
    public boolean atExit() {
        return expression.stage() == Stage.EXIT;
    }

    @Override
    public boolean test(Object[] arguments, Thread thread, Object returned, Throwable thrown, long elapsedNanos) {
        try {
            return expression.test(atExit()
                    ? CallInput.exit(arguments, thread.getName(), returned, thrown, Math.max(0, elapsedNanos))
                    : CallInput.entry(arguments, thread.getName()));
        } catch (Throwable failure) {
            // The expression counts its own failures; this is one it could not even be handed.
            return false;
        }
    }
}
