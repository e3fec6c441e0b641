package dev.smarttracer.cel;

import java.util.List;

/**
 * When an expression is evaluated, which decides the variables it may use.
 *
 * <p>{@link #ENTRY}: {@code args} (a list of dyn) and {@code thread} (a string). {@link #EXIT}:
 * those two and {@code result} (dyn), {@code exception} (a map with {@code type} and {@code
 * message}, or null when the call returned) and {@code elapsed} (a duration).
 */
public enum Stage {
    /** On entry to a traced method: arguments and thread name are known. */
    ENTRY(List.of("args", "thread")),
    /** On exit from a traced method: also its result or exception and the time it took. */
    EXIT(List.of("args", "thread", "result", "exception", "elapsed"));

    private final List<String> variables;

    Stage(List<String> variables) {
        this.variables = variables;
    }

    /** Returns the names of the variables an expression of this stage may use, in declaration order. */
    public List<String> variables() {
        return variables;
    }
}
