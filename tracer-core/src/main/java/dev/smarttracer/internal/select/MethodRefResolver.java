package dev.smarttracer.internal.select;

import dev.smarttracer.MethodRef;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Executable;
import java.util.Arrays;

/**
 * Finds the method a method reference points to, exactly, from the {@link SerializedLambda} the
 * compiler records for serializable functional interfaces. Stateless.
 */
final class MethodRefResolver {

    private MethodRefResolver() {
    }

    static Executable resolve(MethodRef ref) {
        SerializedLambda lambda = serializedForm(ref);
        String name = lambda.getImplMethodName();
        int kind = lambda.getImplMethodKind();
        String owner = lambda.getImplClass().replace('/', '.');
        if (name.startsWith("lambda$")) {
            throw new IllegalArgumentException("this is a lambda, not a reference to a named method"
                    + " (varargs and constructor references compile to a lambda too: " + owner + "#" + name
                    + "); pass a method reference such as Foo::bar, or use SmartTracer.trace(Foo.class, \"bar\", n)"
                    + " or a java.lang.reflect.Method");
        }
        Class<?> type;
        try {
            type = Class.forName(owner, false, ref.getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("cannot load " + owner + ", the class of the referenced method "
                    + name + "; pass the Method itself with SmartTracer.trace(Method, n)", e);
        }
        String descriptor = lambda.getImplMethodSignature();
        if (kind == MethodHandleInfo.REF_newInvokeSpecial) {
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
