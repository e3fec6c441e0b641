package dev.smarttracer.internal.select;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Optional;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Tells JDK methods that HotSpot's compilers may replace by an intrinsic: hand-written machine
 * code that runs none of the method's bytecode, so advice added to it is skipped once the caller
 * is compiled, and no call count can be promised. Such methods carry the JDK-internal
 * {@code @IntrinsicCandidate} annotation in their class file, which is read here. Stateless.
 */
final class IntrinsicMethods {

    private static final String INTRINSIC_CANDIDATE = "Ljdk/internal/vm/annotation/IntrinsicCandidate;";

    private IntrinsicMethods() {
    }

    /** Returns why a JDK method cannot be traced reliably, or empty if it can. */
    static Optional<String> refusal(Method method) {
        String descriptor = TargetMethod.descriptorOf(method);
        if (!isIntrinsicCandidate(method.getDeclaringClass(), method.getName(), descriptor)) {
            return Optional.empty();
        }
        return Optional.of(method.getDeclaringClass().getName() + "#" + method.getName() + " is an intrinsic"
                + " candidate: once its callers are compiled the JVM may run its own machine code instead of the"
                + " method's bytecode, skipping the tracing code, so no call count can be promised; trace the"
                + " method that calls it instead");
    }

    private static boolean isIntrinsicCandidate(Class<?> owner, String name, String descriptor) {
        byte[] classFile = read(owner);
        if (classFile == null) {
            return false;
        }
        boolean[] found = new boolean[1];
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String desc, String signature,
                    String[] exceptions) {
                if (!method.equals(name) || !desc.equals(descriptor)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        found[0] |= INTRINSIC_CANDIDATE.equals(annotation);
                        return null;
                    }
                };
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found[0];
    }

    private static byte[] read(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        // Class files are never encapsulated, so a JDK module hands out its own.
        try (InputStream in = type.getModule().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException unreadable) {
            return null;
        }
    }
}
