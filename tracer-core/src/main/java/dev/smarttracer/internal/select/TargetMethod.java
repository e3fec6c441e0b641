package dev.smarttracer.internal.select;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * One method a trace will instrument.
 *
 * @param method the method, declared by the class whose bytecode will change
 * @param descriptor its JVM descriptor
 */
public record TargetMethod(Method method, String descriptor) {

    /** Validates the fields. */
    public TargetMethod {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(descriptor, "descriptor");
    }

    /**
     * Describes a method.
     *
     * @param method the method
     * @return the target
     */
    public static TargetMethod of(Method method) {
        return new TargetMethod(method, descriptorOf(method));
    }

    /** Returns the class whose bytecode changes. */
    public Class<?> owner() {
        return method.getDeclaringClass();
    }

    /** Returns the method name plus descriptor, which identifies it within its class. */
    public String signature() {
        return method.getName() + descriptor;
    }

    /** Returns {@code com.acme.Foo#bar}, as users write it. */
    public String displayName() {
        return owner().getName() + "#" + method.getName();
    }

    static String descriptorOf(Method method) {
        return MethodType.methodType(method.getReturnType(), method.getParameterTypes()).toMethodDescriptorString();
    }
}
