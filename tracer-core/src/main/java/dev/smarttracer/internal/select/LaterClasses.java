package dev.smarttracer.internal.select;

import dev.smarttracer.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What a selection takes among the classes that load after its trace started: the classes a
 * wildcard names, the implementations of an interface's or abstract class's methods, or the
 * methods an annotation marks. Decided on the loading thread from the class file alone: nothing
 * is loaded to decide, and nothing of the application runs.
 *
 * <p>Because a class's supertypes may load after it, an implementation is recognised by the
 * names it declares as its superclass and interfaces: the named type, or any class known to
 * implement it (those loaded when the trace started, and those recognised since). A class
 * annotation is seen where the class itself carries it, not inherited. JDK classes and the
 * tracer's are never taken as they load.
 *
 * <p>Thread-safe: {@link #methodsOf} runs on any loading thread.
 */
public final class LaterClasses {

    private static final int API = Opcodes.ASM9;
    private static final int NO_BODY = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE;

    private enum Kind { NAMES, IMPLEMENTATIONS, ANNOTATION }

    private final Kind kind;
    private final String pattern;
    private final Pattern classRegex;
    private final MethodPattern methods;
    private final Scope scope;
    private final String annotationDescriptor;
    /** The annotation's descriptor in a class file's bytes (ASCII, as binary names are in practice). */
    private final byte[] annotationBytes;
    /** Internal names of the named type and the classes known to be below it. */
    private final Set<String> supertypes;
    /** Name plus descriptor of each abstract method whose implementations are taken. */
    private final Set<String> abstracts;

    private LaterClasses(Kind kind, String pattern, Pattern classRegex, MethodPattern methods, Scope scope,
            String annotationDescriptor, Set<String> supertypes, Set<String> abstracts) {
        this.kind = kind;
        this.pattern = pattern;
        this.classRegex = classRegex;
        this.methods = methods;
        this.scope = scope;
        this.annotationDescriptor = annotationDescriptor;
        this.annotationBytes = annotationDescriptor == null ? null
                : annotationDescriptor.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.supertypes = supertypes;
        this.abstracts = abstracts;
    }

    static LaterClasses named(String pattern, MethodPattern parsed, Scope scope) {
        return new LaterClasses(Kind.NAMES, pattern, parsed.classRegex(), parsed, scope, null, Set.of(), Set.of());
    }

    static LaterClasses annotated(String pattern, String annotation, MethodPattern methods, Scope scope) {
        return new LaterClasses(Kind.ANNOTATION, pattern, null, methods, scope,
                "L" + annotation.replace('.', '/') + ";", Set.of(), Set.of());
    }

    /**
     * The implementations of abstract methods of a type, in classes that load later.
     *
     * @param type the interface or abstract class named
     * @param abstracts its abstract methods selected
     * @param below the loaded classes below it
     */
    static LaterClasses implementations(String pattern, Class<?> type, Collection<java.lang.reflect.Method> abstracts,
            Collection<Class<?>> below, Scope scope) {
        Set<String> supertypes = ConcurrentHashMap.newKeySet();
        supertypes.add(Type.getInternalName(type));
        below.forEach(c -> supertypes.add(Type.getInternalName(c)));
        Set<String> signatures = ConcurrentHashMap.newKeySet();
        abstracts.forEach(m -> signatures.add(m.getName() + Type.getMethodDescriptor(m)));
        return new LaterClasses(Kind.IMPLEMENTATIONS, pattern, null, null, scope, null, supertypes,
                Set.copyOf(signatures));
    }

    /** Returns the selection as the user wrote it, for messages. */
    public String pattern() {
        return pattern;
    }

    /**
     * A method of a class being loaded that the selection takes.
     *
     * @param name its name
     * @param descriptor its descriptor
     * @param arity how many parameters it has
     */
    public record LoadingMethod(String name, String descriptor, int arity) {
        /** Returns the name plus descriptor, which identifies it within its class. */
        public String signature() {
            return name + descriptor;
        }
    }

    /**
     * Returns the methods of a class being loaded that this selection takes: empty for most
     * classes, which it tells from their name or their first bytes. Never throws: a class file
     * it cannot read is not taken.
     *
     * @param internalName the class's internal name ({@code com/acme/Foo})
     * @param classfile its class file
     */
    public List<LoadingMethod> methodsOf(String internalName, byte[] classfile) {
        if (internalName == null) {
            return List.of();
        }
        String className = internalName.replace('/', '.');
        if (className.contains("$$Lambda")) {
            return List.of();
        }
        if (kind == Kind.NAMES && !classRegex.matcher(className).matches()
                || kind == Kind.ANNOTATION && !contains(classfile, annotationBytes)) {
            return List.of();
        }
        try {
            ClassReader reader = new ClassReader(classfile);
            if ((reader.getAccess() & (Opcodes.ACC_ANNOTATION | Opcodes.ACC_MODULE)) != 0) {
                return List.of();
            }
            if (kind == Kind.IMPLEMENTATIONS && !below(reader)) {
                return List.of();
            }
            Declared declared = new Declared();
            reader.accept(declared, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            if (kind == Kind.IMPLEMENTATIONS) {
                supertypes.add(internalName);
                return (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0 ? List.of()
                        : leftOutIfRefused(className, implementing(declared.methods));
            }
            if (kind == Kind.ANNOTATION && (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0) {
                return List.of();
            }
            List<LoadingMethod> taken = new ArrayList<>();
            for (Declaration method : declared.methods) {
                boolean marked = kind != Kind.ANNOTATION || declared.annotated || method.annotated;
                if (marked && traceable(method) && methods.matchesJvmName(method.name)
                        && methods.parametersMatch(method.descriptor)) {
                    taken.add(method.loading());
                }
            }
            return leftOutIfRefused(className, taken);
        } catch (LeftOut refused) {
            throw refused;
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    /** Keeps what the selection takes of a class, unless the class may not be traced at all. */
    private static List<LoadingMethod> leftOutIfRefused(String className, List<LoadingMethod> taken) {
        if (!taken.isEmpty()) {
            // JDK classes are never taken as they load, even with allowJdkClasses: the JDK methods the
            // tracer runs itself are known only for classes loaded when a trace starts.
            Optional<String> refusal = ClassPolicy.refusal(className, false);
            if (refusal.isPresent()) {
                throw new LeftOut(refusal.get());
            }
        }
        return taken;
    }

    /**
     * A class that loaded and fits the selection, but may not be traced: the tracer's own, a
     * library it runs on, or the JDK's. Its message says why; the class loads as it was.
     */
    public static final class LeftOut extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeftOut(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * Tells whether a class file holds some bytes: a class that names an annotation holds its
     * descriptor in its constant pool, so most classes are passed over without being parsed.
     */
    static boolean contains(byte[] classfile, byte[] wanted) {
        byte first = wanted[0];
        int last = classfile.length - wanted.length;
        for (int i = 0; i <= last; i++) {
            if (classfile[i] != first) {
                continue;
            }
            int j = 1;
            while (j < wanted.length && classfile[i + j] == wanted[j]) {
                j++;
            }
            if (j == wanted.length) {
                return true;
            }
        }
        return false;
    }

    private boolean below(ClassReader reader) {
        if (reader.getSuperName() != null && supertypes.contains(reader.getSuperName())) {
            return true;
        }
        for (String implemented : reader.getInterfaces()) {
            if (supertypes.contains(implemented)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The declared methods with a body that implement the abstract ones; where the compiler added
     * a bridge with the abstract method's erased signature, the one method it forwards to.
     */
    private List<LoadingMethod> implementing(List<Declaration> declared) {
        List<LoadingMethod> taken = new ArrayList<>();
        for (Declaration method : declared) {
            if (!abstracts.contains(method.name + method.descriptor) || (method.access & NO_BODY) != 0) {
                continue;
            }
            if ((method.access & Opcodes.ACC_BRIDGE) == 0) {
                if (scope == Scope.LOCAL || (method.access & Opcodes.ACC_PRIVATE) == 0) {
                    taken.add(method.loading());
                }
                continue;
            }
            int arity = Type.getArgumentTypes(method.descriptor).length;
            List<Declaration> forwardedTo = declared.stream()
                    .filter(m -> m.name.equals(method.name) && (m.access & (Opcodes.ACC_BRIDGE | NO_BODY)) == 0
                            && Type.getArgumentTypes(m.descriptor).length == arity)
                    .toList();
            if (forwardedTo.size() == 1 && !taken.contains(forwardedTo.get(0).loading())) {
                taken.add(forwardedTo.get(0).loading());
            }
        }
        return taken;
    }

    private boolean traceable(Declaration method) {
        if (method.name.equals("<clinit>") || (method.access & (NO_BODY | Opcodes.ACC_BRIDGE)) != 0) {
            return false;
        }
        if ((method.access & Opcodes.ACC_SYNTHETIC) != 0
                && !(method.name.startsWith("lambda$") && methods.methodName().startsWith("lambda$"))) {
            return false;
        }
        return scope == Scope.LOCAL || (method.access & Opcodes.ACC_PRIVATE) == 0;
    }

    private record Declaration(int access, String name, String descriptor, boolean annotated) {
        LoadingMethod loading() {
            return new LoadingMethod(name, descriptor, Type.getArgumentTypes(descriptor).length);
        }
    }

    /** Reads a class's methods and, for an annotation, which of them (or the class) carry it. */
    private final class Declared extends ClassVisitor {
        final List<Declaration> methods = new ArrayList<>();
        boolean annotated;

        Declared() {
            super(API);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            annotated |= visible && descriptor.equals(annotationDescriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            if (annotationDescriptor == null) {
                methods.add(new Declaration(access, name, descriptor, false));
                return null;
            }
            return new MethodVisitor(API) {
                private boolean marked;

                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    marked |= visible && annotation.equals(annotationDescriptor);
                    return null;
                }

                @Override
                public void visitEnd() {
                    methods.add(new Declaration(access, name, descriptor, marked));
                }
            };
        }
    }
}
