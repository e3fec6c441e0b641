package dev.smarttracer.cel;

/**
 * Thrown when an expression does not parse or type-check; the message is one line naming the
 * option, the expression, the column and what to write instead.
 */
public final class ConditionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    ConditionException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /** Returns the 1-based line of the first error, or 0 when CEL gave no position. */
    public int line() {
        return line;
    }

    /** Returns the 1-based column of the first error, or 0 when CEL gave no position. */
    public int column() {
        return column;
    }
}
