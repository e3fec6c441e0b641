package dev.smarttracer.internal.select;

import dev.smarttracer.MethodRef;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Executable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Finds the method a method reference points to, exactly, from the {@link SerializedLambda} the
 * compiler records for serializable functional interfaces. Stateless.
 */
final class MethodRefResolver {

    private MethodRefResolver() {
    }

    static Executable resolve(MethodRef ref) {
        return resolve(serializedForm(ref), ref);
    }

    /**
     * Finds the method or constructor a lambda or method-reference object runs: from its serialized
     * form if it has one, else from the methods its hidden class refers to, which must name exactly
     * one besides the boxing and the object's own making.
     *
     * @param function the object
     * @param constantPool the method references of a class's constant pool (class, name, descriptor)
     * @throws IllegalArgumentException if the object is no lambda, or its class does not tell which method it runs
     */
    static Executable resolveObject(Object function, Function<Class<?>, List<String[]>> constantPool) {
        Class<?> type = function.getClass();
        if (!type.isHidden() && !type.isSynthetic()) {
            throw new IllegalArgumentException(type.getName() + " is not a lambda or a method reference but a class of"
                    + " its own; trace its method by name: SmartTracer.trace(" + type.getName() + ".class, \"<method>\", n)");
        }
        if (function instanceof java.io.Serializable) {
            SerializedLambda lambda = serializedFormOrNull(function);
            if (lambda != null) {
                return resolve(lambda, function);
            }
        }
        String self = type.getName().replace('.', '/');
        List<String[]> runs = new ArrayList<>();
        for (String[] reference : constantPool.apply(type)) {
            String owner = reference[0];
            String name = reference[1];
            if (owner.equals(self) || (owner.equals("java/lang/Object") && name.equals("<init>"))
                    || owner.startsWith("java/lang/invoke/") || isBoxing(owner, name)) {
                continue;
            }
            runs.add(reference);
        }
        if (runs.size() != 1) {
            throw new IllegalArgumentException("cannot tell which method the lambda " + type.getName() + " runs"
                    + (runs.isEmpty() ? " (the JVM calls it through a method handle)"
                            : ": its class refers to " + runs.stream().map(r -> r[0].replace('/', '.') + "#" + r[1])
                                    .toList())
                    + "; trace the method by name, e.g. the lambda bodies of its class with the pattern "
                    + type.getName().substring(0, Math.max(0, type.getName().indexOf("$$Lambda")))
                    + "#lambda$* and Scope.LOCAL");
        }
        String[] reference = runs.get(0);
        return find(reference[0].replace('/', '.'), reference[1], reference[2], type.getClassLoader());
    }

    private static boolean isBoxing(String owner, String name) {
        return switch (owner) {
            case "java/lang/Boolean", "java/lang/Byte", "java/lang/Character", "java/lang/Short", "java/lang/Integer",
                    "java/lang/Long", "java/lang/Float", "java/lang/Double", "java/lang/Number" ->
                    name.equals("valueOf") || name.endsWith("Value");
            default -> false;
        };
    }

    private static Executable resolve(SerializedLambda lambda, Object function) {
        String name = lambda.getImplMethodName();
        int kind = lambda.getImplMethodKind();
        String owner = lambda.getImplClass().replace('/', '.');
        return find(owner, kind == MethodHandleInfo.REF_newInvokeSpecial ? "<init>" : name,
                lambda.getImplMethodSignature(), function.getClass().getClassLoader());
    }

    private static Executable find(String owner, String name, String descriptor, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(owner, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("cannot load " + owner + ", the class of the referenced method "
                    + name + "; pass the Method itself with SmartTracer.trace(Method, n)", e);
        }
        if (name.equals("<init>")) {
            return Arrays.stream(type.getDeclaredConstructors())
                    .filter(c -> TargetMethod.descriptorOf(c).equals(descriptor))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the reference points to a constructor of " + owner
                            + " with the descriptor " + descriptor + ", which " + owner + " does not declare"));
        }
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(name) && TargetMethod.descriptorOf(m).equals(descriptor))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the reference points to " + owner + "#" + name
                        + descriptor + ", which " + owner + " does not declare; pass the Method itself"));
    }

    private static SerializedLambda serializedFormOrNull(Object function) {
        try (Capture capture = new Capture()) {
            capture.writeObject(function);
            return capture.captured;
        } catch (IOException | RuntimeException notSerializable) {
            return null;
        }
    }

    private static SerializedLambda serializedForm(MethodRef ref) {
        // Calling writeReplace by reflection fails across named modules; an ObjectOutputStream
        // that substitutes objects sees the SerializedLambda wherever the lambda was made.
        try (Capture capture = new Capture()) {
            capture.writeObject(ref);
            if (capture.captured == null) {
                throw new IllegalArgumentException(ref.getClass().getName()
                        + " is not a method reference such as Foo::bar; pass a method reference or a Method");
            }
            return capture.captured;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read which method " + ref.getClass().getName()
                    + " refers to; pass a Method with SmartTracer.trace(Method, n)", e);
        }
    }

    private static final class Capture extends ObjectOutputStream {
        private SerializedLambda captured;

        Capture() throws IOException {
            super(OutputStream.nullOutputStream());
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            if (obj instanceof SerializedLambda lambda) {
                captured = lambda;
                // Stop here: a bound receiver among the captured arguments may not be serializable.
                return null;
            }
            return obj;
        }
    }
}
