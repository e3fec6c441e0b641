package dev.smarttracer.internal.select;

import java.util.List;
import java.util.Optional;

/**
 * Decides which classes may never be traced, or only on request, and says why.
 *
 * <p>The tracer's own classes, Byte Buddy, SLF4J and logging back ends are refused because the
 * tracer runs them while delivering events; JDK classes because they run everywhere, unless
 * the caller allows them (and then the engine still refuses the JDK methods it runs itself on
 * the traced thread, found from its code, and intrinsic candidates). Stateless.
 */
final class ClassPolicy {

    private static final List<String> JDK_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static final List<String> TRACER_PREFIXES = List.of(
            "dev.smarttracer.", "net.bytebuddy.", "org.slf4j.", "ch.qos.logback.", "org.apache.logging.",
            "org.apache.log4j.");

    private ClassPolicy() {
    }

    /** Returns why a class name may not be traced, or empty if it may. */
    static Optional<String> refusal(String className, boolean allowJdkClasses) {
        for (String prefix : TRACER_PREFIXES) {
            if (className.startsWith(prefix)) {
                return Optional.of(className + " belongs to SmartTracer or a library it runs on (" + prefix
                        + "*), so tracing it would trace the tracer; trace your own classes");
            }
        }
        if (!allowJdkClasses && isJdk(className)) {
            return Optional.of(className + " is a JDK class; pass TraceOptions.defaults().allowJdkClasses(true)"
                    + " to trace it, and keep the limit small: JDK methods run everywhere");
        }
        return Optional.empty();
    }

    static boolean isJdk(String className) {
        return JDK_PREFIXES.stream().anyMatch(className::startsWith);
    }

    /** Returns why a loaded class cannot be instrumented at all, or empty if it can. */
    static Optional<String> unmodifiable(Class<?> type) {
        if (type.isArray() || type.isPrimitive()) {
            return Optional.of(type.getTypeName() + " is an array or primitive type and has no bytecode to trace");
        }
        if (type.isHidden() || type.getName().contains("$$Lambda")) {
            return Optional.of(type.getName() + " is a hidden class (a lambda or generated proxy) and cannot be"
                    + " changed; a lambda's body is a private method lambda$<enclosing>$<n> of the class that"
                    + " declares it: trace that with Scope.LOCAL");
        }
        return Optional.empty();
    }
}
