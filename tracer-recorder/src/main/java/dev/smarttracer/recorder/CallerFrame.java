package dev.smarttracer.recorder;

import java.util.Objects;

/**
 * One frame of the stack that called a traced method, as a CALL carries it when its trace asks
 * for caller stacks: names and a line, never the class itself. Immutable and thread-safe.
 *
 * @param className the binary name of the frame's class, e.g. {@code com.acme.web.OrderController}
 * @param methodName the method's name
 * @param fileName the source file's name, or {@code null} if the class does not say
 * @param lineNumber the line being run, or a negative number if the class does not say
 */
public record CallerFrame(String className, String methodName, String fileName, int lineNumber) {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a name is blank
     */
    public CallerFrame {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        if (className.isBlank() || methodName.isBlank()) {
            throw new IllegalArgumentException("a caller frame names its class and method; got \"" + className
                    + "\" and \"" + methodName + "\"");
        }
        if (lineNumber < 0) {
            lineNumber = -1;
        }
    }

    /**
     * Renders as a stack trace does: {@code com.acme.Web.handle(Web.java:42)}, with
     * {@code Unknown Source} when the file is not known and without the line when it is not.
     */
    @Override
    public String toString() {
        String where = fileName == null ? "Unknown Source" : lineNumber < 0 ? fileName : fileName + ":" + lineNumber;
        return className + "." + methodName + "(" + where + ")";
    }
}
