package dev.smarttracer.internal.select;

import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * One method or constructor a trace will instrument.
 *
 * @param executable the method or constructor, declared by the class whose bytecode will change
 * @param descriptor its JVM descriptor
 */
public record TargetMethod(Executable executable, String descriptor) {

    /** The name the JVM gives every constructor. */
    public static final String CONSTRUCTOR = "<init>";

    /** Validates the fields. */
    public TargetMethod {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(descriptor, "descriptor");
    }

    /**
     * Describes a method or constructor.
     *
     * @param executable the method or constructor
     * @return the target
     */
    public static TargetMethod of(Executable executable) {
        return new TargetMethod(executable, descriptorOf(executable));
    }

    /** Returns the class whose bytecode changes. */
    public Class<?> owner() {
        return executable.getDeclaringClass();
    }

    /** Returns the method's name as the JVM knows it: {@code <init>} for a constructor. */
    public String name() {
        return nameOf(executable);
    }

    /** Tells whether this is a constructor. */
    public boolean isConstructor() {
        return executable instanceof Constructor<?>;
    }

    /** Returns the method name plus descriptor, which identifies it within its class. */
    public String signature() {
        return name() + descriptor;
    }

    /** Returns {@code com.acme.Foo#bar}, as users write it ({@code com.acme.Foo#new} for a constructor). */
    public String displayName() {
        return owner().getName() + "#" + (isConstructor() ? "new" : name());
    }

    /** Returns a method's name, or {@code <init>} for a constructor. */
    public static String nameOf(Executable executable) {
        return executable instanceof Constructor<?> ? CONSTRUCTOR : executable.getName();
    }

    static String descriptorOf(Executable executable) {
        Class<?> returned = executable instanceof Method method ? method.getReturnType() : void.class;
        return MethodType.methodType(returned, executable.getParameterTypes()).toMethodDescriptorString();
    }
}
