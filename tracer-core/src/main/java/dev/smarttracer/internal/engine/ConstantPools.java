package dev.smarttracer.internal.engine;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the methods a class's constant pool refers to, through the JDK's own reader
 * ({@code jdk.internal.reflect.ConstantPool}, which the JDK's annotation parser uses), exported to
 * the tracer alone with the JVM's {@link Instrumentation} the first time it is needed. It is how the
 * tracer learns which method a lambda object runs: a lambda's class is hidden, has no class file to
 * read, and refers to that method from its constant pool.
 *
 * <p>Thread-safe.
 */
final class ConstantPools {

    private final Instrumentation instrumentation;
    private volatile Reader reader;

    ConstantPools(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /**
     * Returns the method and field references of a class's constant pool, each as its class's
     * internal name, its name and its descriptor.
     *
     * @throws IllegalStateException if this JDK does not let the tracer read constant pools
     */
    List<String[]> memberReferences(Class<?> type) {
        Reader current = reader();
        try {
            Object pool = current.getConstantPool.invoke(current.javaLangAccess, type);
            int size = (Integer) current.getSize.invoke(pool);
            List<String[]> references = new ArrayList<>();
            for (int i = 1; i < size; i++) {
                String tag = String.valueOf(current.getTagAt.invoke(pool, i));
                if (tag.equals("METHODREF") || tag.equals("INTERFACEMETHODREF")) {
                    references.add((String[]) current.getMemberRefInfoAt.invoke(pool, i));
                }
            }
            return references;
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            throw new IllegalStateException("this JDK did not let SmartTracer read the constant pool of "
                    + type.getName() + ": " + unreadable, unreadable);
        }
    }

    private Reader reader() {
        Reader current = reader;
        if (current == null) {
            synchronized (this) {
                if (reader == null) {
                    reader = open();
                }
                current = reader;
            }
        }
        return current;
    }

    private Reader open() {
        Module base = Object.class.getModule();
        Module tracer = ConstantPools.class.getModule();
        instrumentation.redefineModule(base, Set.of(), Map.of("jdk.internal.access", Set.of(tracer),
                "jdk.internal.reflect", Set.of(tracer)), Map.of(), Set.of(), Map.of());
        try {
            Class<?> secrets = Class.forName("jdk.internal.access.SharedSecrets");
            Object javaLangAccess = secrets.getMethod("getJavaLangAccess").invoke(null);
            Class<?> access = Class.forName("jdk.internal.access.JavaLangAccess");
            Class<?> pool = Class.forName("jdk.internal.reflect.ConstantPool");
            return new Reader(javaLangAccess, access.getMethod("getConstantPool", Class.class),
                    pool.getMethod("getSize"), pool.getMethod("getTagAt", int.class),
                    pool.getMethod("getMemberRefInfoAt", int.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            throw new IllegalStateException("this JDK does not let SmartTracer read constant pools: " + unavailable,
                    unavailable);
        }
    }

    private record Reader(Object javaLangAccess, Method getConstantPool, Method getSize, Method getTagAt,
            Method getMemberRefInfoAt) {
    }
}
