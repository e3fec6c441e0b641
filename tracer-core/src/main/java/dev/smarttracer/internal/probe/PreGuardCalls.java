package dev.smarttracer.internal.probe;

import dev.smarttracer.internal.reentry.GuardHeld;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Finds, by reading bytecode, every JDK method a traced thread may run before the tracer's
 * re-entry guard is set: starting from the advice, through the bridge and the router, into the
 * JDK, and stopping at methods marked {@link GuardHeld}. Tracing one of those would make each of
 * its calls recurse into itself, so the selector refuses them; being computed from the code, the
 * set follows any change to the advice and the JDK version that runs it.
 *
 * <p>Calls through JDK interfaces cannot be followed to their implementations and are listed as
 * the interface method. A call to a {@code VarHandle} or {@code MethodHandle} runs the JVM's
 * method-handle machinery, which bytecode does not show, so it lists the whole
 * {@code java.lang.invoke} package, as {@code java/lang/invoke/*}. Stateless; {@link #compute} is
 * thread-safe.
 */
public final class PreGuardCalls {

    // By name, not class literal: loading these classes needs the bridge, which may not be installed.
    private static final String PACKAGE = PreGuardCalls.class.getPackageName().replace('.', '/') + "/";
    private static final String ADVICE = "dev/smarttracer/internal/weave/ProbeAdvice";
    private static final String OURS = "dev/smarttracer/";
    /** The bridge's interfaces, and the classes that implement them in this engine. */
    private static final Map<String, String> IMPLEMENTATIONS = Map.of(
            "dev/smarttracer/bridge/v1/ProbeSink", PACKAGE + "ProbeRouter",
            "dev/smarttracer/bridge/v1/CallExit", PACKAGE + "CallInFlight");
    private static final String GUARD_HELD = "Ldev/smarttracer/internal/reentry/GuardHeld;";
    private static final int MAX_METHODS = 5_000;

    private PreGuardCalls() {
    }

    /**
     * Computes the JDK methods run before the guard is set.
     *
     * @param bridgeClasses the bridge's class files by binary name, as installed
     * @return the methods as {@code owner.name(descriptor)} with internal class names, e.g.
     *     {@code java/lang/ThreadLocal.get()Ljava/lang/Object;}, and whole packages as
     *     {@code package/*}
     */
    public static Set<String> compute(Map<String, byte[]> bridgeClasses) {
        Map<String, byte[]> ours = new HashMap<>();
        bridgeClasses.forEach((name, bytes) -> ours.put(name.replace('.', '/'), bytes));
        Map<String, ClassInfo> parsed = new HashMap<>();
        Set<String> jdk = new TreeSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String[]> todo = new ArrayDeque<>();
        ClassInfo advice = parse(ADVICE, ours, parsed);
        for (String needed : List.of(ADVICE, IMPLEMENTATIONS.get("dev/smarttracer/bridge/v1/ProbeSink"),
                IMPLEMENTATIONS.get("dev/smarttracer/bridge/v1/CallExit"),
                GUARD_HELD.substring(1, GUARD_HELD.length() - 1))) {
            if (parse(needed, ours, parsed) == null) {
                // A class renamed or moved without this list: the walk would stop short, silently.
                throw new IllegalStateException("SmartTracer cannot read its own class " + needed
                        + ", so it cannot tell which JDK methods it runs before its re-entry guard");
            }
        }
        advice.methods.keySet().stream().filter(signature -> !signature.startsWith("<"))
                .forEach(signature -> todo.add(new String[] {ADVICE, signature}));
        while (!todo.isEmpty() && seen.size() < MAX_METHODS) {
            String[] next = todo.pop();
            String owner = IMPLEMENTATIONS.getOrDefault(next[0], next[0]);
            if (!seen.add(owner + "." + next[1])) {
                continue;
            }
            if (owner.equals("java/lang/invoke/VarHandle") || owner.equals("java/lang/invoke/MethodHandle")) {
                jdk.add("java/lang/invoke/*");
            }
            MethodInfo method = resolve(owner, next[1], ours, parsed);
            if (method == null) {
                if (!owner.startsWith(OURS)) {
                    jdk.add(owner + "." + next[1]);
                }
                continue;
            }
            if (method.owner.startsWith(OURS)) {
                if (method.guardHeld) {
                    continue;
                }
            } else {
                jdk.add(method.owner + "." + next[1]);
            }
            todo.addAll(method.calls);
        }
        return Set.copyOf(jdk);
    }

    /** Finds the class, this one or a superclass, that declares a method, or null if unknown. */
    private static MethodInfo resolve(String owner, String signature, Map<String, byte[]> ours,
            Map<String, ClassInfo> parsed) {
        for (String type = owner; type != null; ) {
            ClassInfo info = parse(type, ours, parsed);
            if (info == null) {
                return null;
            }
            MethodInfo method = info.methods.get(signature);
            if (method != null) {
                return method;
            }
            type = info.superName;
        }
        return null;
    }

    private static ClassInfo parse(String internalName, Map<String, byte[]> ours, Map<String, ClassInfo> parsed) {
        if (parsed.containsKey(internalName)) {
            return parsed.get(internalName);
        }
        byte[] bytes = ours.get(internalName);
        if (bytes == null) {
            bytes = read(internalName);
        }
        ClassInfo info = null;
        if (bytes != null) {
            info = new ClassInfo(internalName);
            new ClassReader(bytes).accept(info, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        }
        parsed.put(internalName, info);
        return info;
    }

    private static byte[] read(String internalName) {
        String resource = internalName + ".class";
        ClassLoader loader = PreGuardCalls.class.getClassLoader();
        try (InputStream in = loader != null ? loader.getResourceAsStream(resource)
                : ClassLoader.getSystemResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class file of " + internalName, e);
        }
    }

    /** What one class file says about its methods: where each one's calls go. */
    private static final class ClassInfo extends ClassVisitor {
        final String name;
        final Map<String, MethodInfo> methods = new HashMap<>();
        String superName;

        ClassInfo(String name) {
            super(Opcodes.ASM9);
            this.name = name;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            this.superName = superName;
        }

        @Override
        public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                String[] exceptions) {
            MethodInfo info = new MethodInfo(name);
            methods.put(method + descriptor, info);
            return info;
        }
    }

    /** The calls one method makes, and whether it runs with the guard held. */
    private static final class MethodInfo extends MethodVisitor {
        final String owner;
        final Set<String[]> calls = new java.util.LinkedHashSet<>();
        boolean guardHeld;

        MethodInfo(String owner) {
            super(Opcodes.ASM9);
            this.owner = owner;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            if (GUARD_HELD.equals(descriptor)) {
                guardHeld = true;
            }
            return null;
        }

        @Override
        public void visitMethodInsn(int opcode, String callee, String name, String descriptor, boolean isInterface) {
            if (!callee.startsWith("[")) {
                calls.add(new String[] {callee, name + descriptor});
            }
        }
    }
}
