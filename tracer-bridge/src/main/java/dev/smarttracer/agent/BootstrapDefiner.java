package dev.smarttracer.agent;

import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.function.BiFunction;

/**
 * Defines a class in the bootstrap class loader. Never used where it is loaded first: a
 * private copy is defined in a throwaway class loader whose module alone may use
 * {@code jdk.internal.misc}. Uses JDK types only.
 */
public final class BootstrapDefiner implements BiFunction<String, byte[], Class<?>> {

    /** Creates the definer; called reflectively on the private copy. */
    public BootstrapDefiner() {
    }

    @Override
    public Class<?> apply(String name, byte[] classfile) {
        try {
            Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            Method define = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class,
                    int.class, ClassLoader.class, ProtectionDomain.class);
            return (Class<?>) define.invoke(unsafe, name, classfile, 0, classfile.length, null, null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define " + name + " in the bootstrap class loader", e);
        }
    }
}
