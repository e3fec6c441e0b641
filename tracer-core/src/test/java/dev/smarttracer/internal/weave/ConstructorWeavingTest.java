package dev.smarttracer.internal.weave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.acme.ctors.Events;
import com.acme.ctors.Scenarios;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Constructor weaving, attacked from every side javac gives: every constructor of a package of fixtures is
 * woven ({@code <init>} plus descriptor to its own probe) into a copy defined by a fresh loader, so the JVM
 * verifies each class (checked by {@link #theVerifierIsOn_forClassesOfTheseLoaders}), every class is linked
 * before anything runs, and each scenario of {@code com.acme.ctors.Scenarios} (or of a source compiled
 * here, at class-file version 52, 49, or with JDK 25's flexible constructor bodies) must give the same
 * result or throwable as in an unwoven copy, with exactly the probe events its {@link Events} lists, under
 * every behaviour of the sink (delivering, gates closed, entry or exit throwing or overflowing). Shapes other
 * compilers write (built with ASM) follow; those the woven code fails to verify are disabled, saying why.
 */
class ConstructorWeavingTest {

    private static final String PACKAGE = "com.acme.ctors.";
    private static final String SCENARIOS = Scenarios.class.getName();

    private static RecordingBridge bridge;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Map<Integer, Probe> probes = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.DELIVER;
    private Object sink;

    @TempDir
    Path temp;

    /** What the recording sink does. */
    private enum Mode {
        DELIVER, GATES_CLOSED, NOT_DELIVERED, ENTER_THROWS, ENTER_OVERFLOWS, EXIT_THROWS, EXIT_OVERFLOWS;

        boolean entries() {
            return this != GATES_CLOSED;
        }

        boolean exits() {
            return this == DELIVER || this == EXIT_THROWS || this == EXIT_OVERFLOWS;
        }
    }

    /** A probe: the constructor it was woven into, as events name it, and its class's binary name. */
    private record Probe(String label, String owner) {
    }

    /** One probe event, rendered when it happened; an exit keeps its value and throwable for identity checks. */
    private record Event(String text, boolean exit, Object returned, Throwable thrown) {
    }

    /** What a scenario did, rendered so that two copies of the classes compare. */
    private record Outcome(String value, String thrown) {
    }

    private record Ran(Outcome outcome, Object value, Throwable thrown) {
    }

    @BeforeAll
    static void bridge() throws Exception {
        // The engine installs the bridge with its first trace.
        bridge = RecordingBridge.installed("com.acme.Bytecode#nothing");
    }

    @BeforeEach
    void recordingSink() {
        sink = bridge.sink(this::enter);
    }

    @AfterEach
    void releaseProbesAndStopTraces() throws Exception {
        bridge.releaseAndCheckRestored(sink, probes.keySet());
    }

    // The cases.

    @Test
    void theVerifierIsOn_forClassesOfTheseLoaders() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/generated/Invalid", null, "java/lang/Object", null);
        MethodVisitor bad = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "bad", "()Ljava/lang/Object;",
                null, null);
        bad.visitCode();
        bad.visitInsn(Opcodes.ICONST_0);
        bad.visitInsn(Opcodes.ARETURN);
        bad.visitMaxs(0, 0);
        bad.visitEnd();
        writer.visitEnd();
        World world = new World(getClass().getClassLoader(),
                Map.of("com.acme.generated.Invalid", writer.toByteArray()));
        assertThatThrownBy(() -> world.linkAll()).isInstanceOf(VerifyError.class).hasMessageContaining("bad");
    }

    @Test
    void innerClasses() throws Exception {
        check(fixtures(), SCENARIOS, "innerClass");
    }

    @Test
    void anonymousClasses() throws Exception {
        check(fixtures(), SCENARIOS, "anonymousClass");
    }

    @Test
    void localClasses() throws Exception {
        check(fixtures(), SCENARIOS, "local");
    }

    @Test
    void enumConstructors() throws Exception {
        check(fixtures(), SCENARIOS, "enum");
    }

    @Test
    void recordCanonicalCompactAndDelegatingConstructors() throws Exception {
        check(fixtures(), SCENARIOS, "record");
    }

    @Test
    void tryCatchFinallyAfterSuper() throws Exception {
        check(fixtures(), SCENARIOS, "try");
    }

    @Test
    void initialisersAfterSuper() throws Exception {
        check(fixtures(), SCENARIOS, "initialisers");
    }

    @Test
    void loopsSwitchesAndTernariesInSuperArguments() throws Exception {
        check(fixtures(), SCENARIOS, "superArg");
    }

    @Test
    void nestedNewsInSuperArguments() throws Exception {
        check(fixtures(), SCENARIOS, "nestedNews");
    }

    @Test
    void thisWithComputedArguments() throws Exception {
        check(fixtures(), SCENARIOS, "this");
    }

    @Test
    void genericClasses() throws Exception {
        check(fixtures(), SCENARIOS, "generic");
    }

    @Test
    void longAndDoubleParameters() throws Exception {
        check(fixtures(), SCENARIOS, "wide");
    }

    @Test
    void manyParameters() throws Exception {
        check(fixtures(), SCENARIOS, "many");
    }

    @Test
    void throwsInSuperArguments_inTheSuperclassConstructor_andAfterSuper() throws Exception {
        check(fixtures(), SCENARIOS, "throw");
    }

    @Test
    void classFileVersion52_compiledHereForJava8() throws Exception {
        check(legacy(), "legacy.Scenarios", "");
    }

    @Test
    void classFileVersion49_withoutStackMapFrames() throws Exception {
        Map<String, byte[]> old = new HashMap<>();
        legacy().forEach((name, bytes) -> old.put(name, downgraded(bytes, Opcodes.V1_5)));
        assertThat(old.values()).allSatisfy(bytes -> assertThat(bytes[7]).isEqualTo((byte) 49));
        check(old, "legacy.Scenarios", "");
    }

    @Test
    void flexibleConstructorBodies_jdk25() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "statements before super(...) need JDK 25 (JEP 513)");
        check(compile("25", FLEX), "flex.Scenarios", "");
    }

    @Test
    void theMostParameterSlotsAConstructorMayHave() throws Exception {
        // this and 127 longs: 255 slots, the JVM's limit; the probe's locals come after them (wide instructions).
        StringBuilder parameters = new StringBuilder();
        StringBuilder sum = new StringBuilder("0L");
        List<String> args = new ArrayList<>();
        Object[] values = new Object[127];
        for (int i = 0; i < 127; i++) {
            parameters.append(i == 0 ? "" : ", ").append("long p").append(i);
            sum.append(" + p").append(i);
            values[i] = (long) i * 3;
            args.add(i * 3 + "L");
        }
        Map<String, byte[]> classes = compile("17", Map.of("big.Huge", """
                package big;

                public class Huge extends com.acme.ctors.Measured {
                    public Huge(%s) {
                        super(%s, p126 / 2.0);
                    }
                }
                """.formatted(parameters, sum)));
        String label = "Huge(" + String.join(",", java.util.Collections.nCopies(127, "long")) + ")";
        check(classes, List.of(new Case("huge", List.of("+" + label + " " + args, "-" + label + " = #Huge"),
                world -> construct(world, "big.Huge", values))));
    }

    // Constructors javac never writes but the JVM accepts, built with ASM: other compilers' shapes.

    @Test
    void shapesJavacNeverWrites_areRefusedNamingTheShape_neverWovenIntoCodeTheVerifierRejects() throws Exception {
        Map<Shape, String> refusals = Map.of(
                // Its second case's super(...) is found by the frame of that case, which still has this uninitialised.
                groovyStyle(), "code that runs before its call to super(...) or this(...) is laid out after that call",
                throwOutOfLine(), "code that runs before its call to super(...) or this(...) is laid out after that call",
                bodyFirst(), "code that runs after its call to super(...) or this(...) is laid out before that call",
                // Its new object's second initialisation is taken for super(...); the real one's frame tells.
                twoInits(), "code that runs before its call to super(...) or this(...) is laid out after that call");
        for (Map.Entry<Shape, String> refusal : refusals.entrySet()) {
            Shape shape = refusal.getKey();
            // The JVM takes each as it is.
            assertThat(new World(getClass().getClassLoader(), Map.of(shape.name(), shape.classFile()))
                    .linkAllQuietly()).as(shape.name()).isEmpty();
            Map<String, Integer> plan = new HashMap<>();
            new ClassReader(shape.classFile()).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    if (name.equals("<init>")) {
                        plan.put(name + descriptor, plan.size() + 1);
                    }
                    return null;
                }
            }, 0);
            assertThatThrownBy(() -> ProbeWeaver.weave(shape.classFile(), plan, new HashSet<>()))
                    .as(shape.name())
                    .isInstanceOf(ProbeWeaver.Unweavable.class)
                    .hasMessageStartingWith("cannot trace " + shape.name() + "#<init>(")
                    .hasMessageContaining(refusal.getValue() + ", a shape javac never writes")
                    .hasMessageEndingWith("trace the methods it calls instead");
        }
    }

    @Test
    void aSubroutineAfterSuper_inAClassFileWithoutFrames() throws Exception {
        // Java 1.4: try { arg.hashCode(); } finally { ... } as jsr/ret, after super(arg).
        String name = "com.acme.generated.Subroutine";
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_4, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name.replace('.', '/'), null, NODE, null);
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(Ljava/lang/Object;)V", null, null);
        init.visitCode();
        org.objectweb.asm.Label start = new org.objectweb.asm.Label();
        org.objectweb.asm.Label end = new org.objectweb.asm.Label();
        org.objectweb.asm.Label any = new org.objectweb.asm.Label();
        org.objectweb.asm.Label finallyBlock = new org.objectweb.asm.Label();
        init.visitTryCatchBlock(start, end, any, null);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ALOAD, 1);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, NODE, "<init>", "(Ljava/lang/Object;)V", false);
        init.visitLabel(start);
        init.visitVarInsn(Opcodes.ALOAD, 1);
        init.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "hashCode", "()I", false);
        init.visitInsn(Opcodes.POP);
        init.visitLabel(end);
        init.visitJumpInsn(Opcodes.JSR, finallyBlock);
        init.visitInsn(Opcodes.RETURN);
        init.visitLabel(any);
        init.visitVarInsn(Opcodes.ASTORE, 2);
        init.visitJumpInsn(Opcodes.JSR, finallyBlock);
        init.visitVarInsn(Opcodes.ALOAD, 2);
        init.visitInsn(Opcodes.ATHROW);
        init.visitLabel(finallyBlock);
        init.visitVarInsn(Opcodes.ASTORE, 3);
        init.visitVarInsn(Opcodes.RET, 3);
        init.visitMaxs(0, 0);
        init.visitEnd();
        String label = "Subroutine(Object)";
        check(Map.of(name, bytes(writer)), List.of(
                new Case("built", List.of("+" + label + " [\"s\"]", "-" + label + " = #Subroutine"),
                        world -> construct(world, name, "s")),
                new Case("thrown", List.of("+" + label + " [null]", "-" + label
                        + " ! NullPointerException: Cannot invoke \"Object.hashCode()\" because \"<parameter1>\""
                        + " is null"),
                        world -> construct(world, name, (Object) null))));
    }

    @Test
    void constructorsWithNoCallOfTheirOwnToFind_areRefused_namingThem() {
        // An object made by new and dropped uninitialised before super(...): the count of pending news is off.
        ClassWriter dropped = generated("com.acme.generated.Dropped");
        MethodVisitor init = dropped.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitTypeInsn(Opcodes.NEW, "java/lang/Object");
        init.visitInsn(Opcodes.POP);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitInsn(Opcodes.ACONST_NULL);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, NODE, "<init>", "(Ljava/lang/Object;)V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        // One that only ever throws.
        ClassWriter throwing = generated("com.acme.generated.OnlyThrows");
        init = throwing.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        throwNew(init, "java/lang/UnsupportedOperationException", "never");
        init.visitMaxs(0, 0);
        init.visitEnd();
        for (Map.Entry<String, byte[]> each : Map.of("com.acme.generated.Dropped", bytes(dropped),
                "com.acme.generated.OnlyThrows", bytes(throwing)).entrySet()) {
            // The JVM takes both as they are.
            assertThat(new World(getClass().getClassLoader(), Map.of(each.getKey(), each.getValue())).linkAllQuietly())
                    .as(each.getKey()).isEmpty();
            assertThatThrownBy(() -> ProbeWeaver.weave(each.getValue(), Map.of("<init>()V", 1), new HashSet<>()))
                    .isInstanceOf(ProbeWeaver.Unweavable.class)
                    .hasMessage("cannot trace " + each.getKey() + "#<init>(): its call to super(...) or this(...) could"
                            + " not be found in its bytecode");
        }
    }

    @Test
    void theSameShapes_inClassFilesWithoutFrames_passTheInferringVerifier() throws Exception {
        for (Shape shape : List.of(groovyStyle(), throwOutOfLine(), bodyFirst(), twoInits())) {
            check(new Shape(shape.name(), downgraded(shape.classFile(), Opcodes.V1_5), shape.cases()));
        }
    }

    /** A class built here, extending {@code com.acme.ctors.Node}, with what to do with it. */
    private record Shape(String name, byte[] classFile, List<Case> cases) {
    }

    private void check(Shape shape) throws Exception {
        check(Map.of(shape.name(), shape.classFile()), shape.cases());
    }

    private static Shape groovyStyle() {
        // Dynamic Groovy compiles super(args) to: switch (selectConstructorAndTransformArguments(...) >> 8)
        // { case 0: super(a); break; case 1: super(a, b); break; default: throw new IllegalArgumentException(..) }
        String name = "com.acme.generated.GroovyStyle";
        ClassWriter writer = generated(name);
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(Ljava/lang/Object;I)V", null, null);
        init.visitCode();
        org.objectweb.asm.Label one = new org.objectweb.asm.Label();
        org.objectweb.asm.Label two = new org.objectweb.asm.Label();
        org.objectweb.asm.Label other = new org.objectweb.asm.Label();
        org.objectweb.asm.Label end = new org.objectweb.asm.Label();
        init.visitVarInsn(Opcodes.ILOAD, 2);
        init.visitTableSwitchInsn(0, 1, other, one, two);
        init.visitLabel(one);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ALOAD, 1);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, NODE, "<init>", "(Ljava/lang/Object;)V", false);
        init.visitJumpInsn(Opcodes.GOTO, end);
        init.visitLabel(two);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ALOAD, 1);
        init.visitTypeInsn(Opcodes.NEW, NODE);
        init.visitInsn(Opcodes.DUP);
        init.visitLdcInsn("next");
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, NODE, "<init>", "(Ljava/lang/Object;)V", false);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, NODE, "<init>", "(Ljava/lang/Object;L" + NODE + ";)V", false);
        init.visitJumpInsn(Opcodes.GOTO, end);
        init.visitLabel(other);
        throwNew(init, "java/lang/IllegalArgumentException", "illegal constructor number");
        init.visitLabel(end);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        String label = "GroovyStyle(Object,int)";
        return new Shape(name, bytes(writer), List.of(
                new Case("first", List.of("+" + label + " [\"v\", 0]", "-" + label + " = #GroovyStyle"),
                        world -> construct(world, name, "v", 0)),
                new Case("second", List.of("+" + label + " [\"v\", 1]", "-" + label + " = #GroovyStyle"),
                        world -> construct(world, name, "v", 1)),
                new Case("none", List.of("+" + label + " [\"v\", 7]",
                        "-" + label + " ! IllegalArgumentException: illegal constructor number"),
                        world -> construct(world, name, "v", 7))));
    }

    private static Shape throwOutOfLine() {
        // if (n < 0) throw ...; super(n); with the throw out of line, after the super call and the return.
        String name = "com.acme.generated.ThrowOutOfLine";
        ClassWriter writer = generated(name);
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(I)V", null, null);
        init.visitCode();
        org.objectweb.asm.Label negative = new org.objectweb.asm.Label();
        init.visitVarInsn(Opcodes.ILOAD, 1);
        init.visitJumpInsn(Opcodes.IFLT, negative);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ILOAD, 1);
        init.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, NODE, "<init>", "(Ljava/lang/Object;)V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitLabel(negative);
        throwNew(init, "java/lang/IllegalArgumentException", "negative");
        init.visitMaxs(0, 0);
        init.visitEnd();
        String label = "ThrowOutOfLine(int)";
        return new Shape(name, bytes(writer), List.of(
                new Case("positive", List.of("+" + label + " [4]", "-" + label + " = #ThrowOutOfLine"),
                        world -> construct(world, name, 4)),
                new Case("negative",
                        List.of("+" + label + " [-4]", "-" + label + " ! IllegalArgumentException: negative"),
                        world -> construct(world, name, -4))));
    }

    private static Shape bodyFirst() {
        // goto init; body: this.twice = 2 * n; return; init: super(n); goto body;
        String name = "com.acme.generated.BodyFirst";
        ClassWriter writer = generated(name);
        writer.visitField(Opcodes.ACC_PUBLIC, "twice", "I", null, null).visitEnd();
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(I)V", null, null);
        init.visitCode();
        org.objectweb.asm.Label body = new org.objectweb.asm.Label();
        org.objectweb.asm.Label start = new org.objectweb.asm.Label();
        init.visitJumpInsn(Opcodes.GOTO, start);
        init.visitLabel(body);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitInsn(Opcodes.ICONST_2);
        init.visitVarInsn(Opcodes.ILOAD, 1);
        init.visitInsn(Opcodes.IMUL);
        init.visitFieldInsn(Opcodes.PUTFIELD, "com/acme/generated/BodyFirst", "twice", "I");
        init.visitInsn(Opcodes.RETURN);
        init.visitLabel(start);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ILOAD, 1);
        init.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, NODE, "<init>", "(Ljava/lang/Object;)V", false);
        init.visitJumpInsn(Opcodes.GOTO, body);
        init.visitMaxs(0, 0);
        init.visitEnd();
        String label = "BodyFirst(int)";
        return new Shape(name, bytes(writer), List.of(new Case("built", List.of("+" + label + " [21]",
                "-" + label + " = #BodyFirst"), world -> {
                    Object built = construct(world, name, 21);
                    return built + " twice " + built.getClass().getField("twice").get(built);
                })));
    }

    private static Shape twoInits() {
        // new StringBuilder; dup; if (flag) <init>("x") else <init>(); then super(builder.toString())
        String name = "com.acme.generated.TwoInits";
        ClassWriter writer = generated(name);
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(Z)V", null, null);
        init.visitCode();
        org.objectweb.asm.Label empty = new org.objectweb.asm.Label();
        org.objectweb.asm.Label made = new org.objectweb.asm.Label();
        init.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
        init.visitInsn(Opcodes.DUP);
        init.visitVarInsn(Opcodes.ILOAD, 1);
        init.visitJumpInsn(Opcodes.IFEQ, empty);
        init.visitLdcInsn("x");
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V",
                false);
        init.visitJumpInsn(Opcodes.GOTO, made);
        init.visitLabel(empty);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V", false);
        init.visitLabel(made);
        init.visitVarInsn(Opcodes.ASTORE, 2);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ALOAD, 2);
        init.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;",
                false);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, NODE, "<init>", "(Ljava/lang/Object;)V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        String label = "TwoInits(boolean)";
        return new Shape(name, bytes(writer), List.of(
                new Case("x", List.of("+" + label + " [true]", "-" + label + " = #TwoInits"),
                        world -> construct(world, name, true)),
                new Case("empty", List.of("+" + label + " [false]", "-" + label + " = #TwoInits"),
                        world -> construct(world, name, false))));
    }

    private static final String NODE = "com/acme/ctors/Node";

    /** A public class extending {@code com.acme.ctors.Node}, its frames computed by ASM. */
    private static ClassWriter generated(String name) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String type1, String type2) {
                return "java/lang/Object";
            }
        };
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name.replace('.', '/'), null, NODE, null);
        return writer;
    }

    private static byte[] bytes(ClassWriter writer) {
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static void throwNew(MethodVisitor code, String type, String message) {
        code.visitTypeInsn(Opcodes.NEW, type);
        code.visitInsn(Opcodes.DUP);
        code.visitLdcInsn(message);
        code.visitMethodInsn(Opcodes.INVOKESPECIAL, type, "<init>", "(Ljava/lang/String;)V", false);
        code.visitInsn(Opcodes.ATHROW);
    }

    // The harness.

    /** One thing to do in a copy of the classes: build an object (or fail to), with the events it must make. */
    private record Case(String name, List<String> events, Action action) {
    }

    /** Runs in one copy of the classes. */
    @FunctionalInterface
    private interface Action {
        Object run(World world) throws Throwable;
    }

    /** The scenarios of a class whose names start with {@code prefix}, each with its {@link Events}. */
    private List<Case> scenarios(Map<String, byte[]> classes, String scenarios, String prefix) throws Exception {
        World world = new World(getClass().getClassLoader(), classes);
        return Arrays.stream(world.loadClass(scenarios).getMethods())
                .filter(m -> m.isAnnotationPresent(Events.class) && m.getName().startsWith(prefix))
                .sorted(java.util.Comparator.comparing(Method::getName))
                .map(m -> new Case(scenarios + "#" + m.getName(), List.of(m.getAnnotation(Events.class).value()),
                        copy -> {
                    try {
                        return copy.loadClass(scenarios).getMethod(m.getName()).invoke(null);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                })).toList();
    }

    private void check(Map<String, byte[]> classes, String scenarios, String prefix) throws Exception {
        List<Case> cases = scenarios(classes, scenarios, prefix);
        assertThat(cases).as("scenarios " + prefix + "*").isNotEmpty();
        check(classes, cases);
    }

    /**
     * Runs the cases in an unwoven copy, then, for each mode of the sink, in a freshly woven copy, every class
     * linked (so verified) first, comparing outcomes and events.
     */
    private void check(Map<String, byte[]> classes, List<Case> cases) throws Exception {
        events.clear();
        World original = new World(getClass().getClassLoader(), classes);
        original.linkAll();
        Map<String, Ran> expected = new LinkedHashMap<>();
        for (Case each : cases) {
            expected.put(each.name(), run(original, each));
        }
        assertThat(events).as("the unwoven copy makes no events").isEmpty();

        SoftAssertions soft = new SoftAssertions();
        for (Mode each : Mode.values()) {
            mode = each;
            World woven = new World(getClass().getClassLoader(), weave(classes, each != Mode.GATES_CLOSED));
            woven.linkAll();
            for (Case one : cases) {
                events.clear();
                Ran ran = run(woven, one);
                List<Event> own = List.copyOf(events);
                String as = each + " " + one.name();
                soft.assertThat(ran.outcome()).as(as + ": outcome").isEqualTo(expected.get(one.name()).outcome());
                List<String> wanted = one.events().stream()
                        .filter(e -> e.startsWith("+") ? each.entries() : each.exits()).toList();
                soft.assertThat(own.stream().map(Event::text).toList()).as(as + ": events")
                        .containsExactlyElementsOf(wanted);
                if (each == Mode.DELIVER && !own.isEmpty() && own.get(own.size() - 1).exit()) {
                    Event last = own.get(own.size() - 1);
                    if (ran.thrown() != null && last.thrown() != null) {
                        soft.assertThat(last.thrown()).as(as + ": the throwable reported is the one thrown")
                                .isSameAs(ran.thrown());
                    }
                    if (ran.value() != null && ran.value().getClass().getClassLoader() == woven) {
                        soft.assertThat(last.returned()).as(as + ": the object reported is the one built")
                                .isSameAs(ran.value());
                    }
                }
            }
        }
        mode = Mode.DELIVER;
        soft.assertAll();
    }

    private static Ran run(World world, Case what) {
        Object value = null;
        Throwable thrown = null;
        try {
            value = what.action().run(world);
        } catch (Throwable e) {
            thrown = e;
        }
        return new Ran(new Outcome(value == null ? "null" : value.getClass().getName() + " " + value,
                thrown == null ? null : thrown.getClass().getName() + ": " + thrown.getMessage()), value, thrown);
    }

    /** Builds an object of a class of the copy with its only constructor, throwing what that throws. */
    private static Object construct(World world, String className, Object... args) throws Throwable {
        try {
            return world.loadClass(className).getDeclaredConstructors()[0].newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Every constructor of every class woven with a probe of its own, open or not. */
    private Map<String, byte[]> weave(Map<String, byte[]> classes, boolean open) throws Exception {
        Map<String, byte[]> woven = new HashMap<>();
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            Map<String, Integer> plan = new HashMap<>();
            for (String constructor : constructors(entry.getValue())) {
                int probe = bridge.allocate(sink);
                probes.put(probe, new Probe(label(entry.getKey(), constructor), entry.getKey()));
                plan.put(constructor, probe);
                bridge.setOpen(sink, probe, open);
            }
            Set<String> done = new HashSet<>();
            woven.put(entry.getKey(), ProbeWeaver.weave(entry.getValue(), plan, done));
            assertThat(done).as(entry.getKey()).isEqualTo(plan.keySet());
        }
        return woven;
    }

    private static List<String> constructors(byte[] classFile) {
        List<String> constructors = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (name.equals("<init>")) {
                    constructors.add(name + descriptor);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return constructors;
    }

    /** {@code Outer$Inner(Outer,int)}. */
    private static String label(String className, String signature) {
        String descriptor = signature.substring(signature.indexOf('('));
        return simple(className) + Arrays.stream(Type.getArgumentTypes(descriptor))
                .map(type -> simple(type.getClassName())).collect(Collectors.joining(",", "(", ")"));
    }

    private static String simple(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    // The recording sink.

    private Object enter(int probe, Object[] args) {
        Probe own = probes.get(probe);
        events.add(new Event("+" + own.label() + " " + Arrays.stream(args).map(ConstructorWeavingTest::render)
                .collect(Collectors.joining(", ", "[", "]")), false, null, null));
        return switch (mode) {
            case NOT_DELIVERED -> null;
            case ENTER_THROWS -> throw new IllegalStateException("the sink failed");
            case ENTER_OVERFLOWS -> throw new StackOverflowError();
            default -> bridge.exit((returned, thrown) -> exit(probe, returned, thrown));
        };
    }

    private Object exit(int probe, Object returned, Throwable thrown) {
        Probe own = probes.get(probe);
        String text = "-" + own.label();
        if (thrown != null) {
            text += " ! " + thrown.getClass().getSimpleName() + ": " + thrown.getMessage()
                    + (returned == null ? "" : " with a value " + render(returned));
        } else {
            text += " = " + render(returned);
            if (returned != null && !isA(returned.getClass(), own.owner())) {
                text += " (not a " + own.owner() + ")";
            }
        }
        events.add(new Event(text, true, returned, thrown));
        if (mode == Mode.EXIT_THROWS) {
            throw new IllegalStateException("the exit failed");
        }
        if (mode == Mode.EXIT_OVERFLOWS) {
            throw new StackOverflowError();
        }
        return null;
    }

    private static boolean isA(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** A value as events show it, its type told apart: {@code 5}, {@code 5L}, {@code "s"}, {@code #Outer}. */
    private static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        if (value instanceof Long || value instanceof Float || value instanceof Double) {
            return value + value.getClass().getSimpleName().substring(0, 1);
        }
        if (value instanceof Character) {
            return "'" + value + "'";
        }
        if (value instanceof Byte || value instanceof Short) {
            return "(" + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")" + value;
        }
        if (value instanceof Integer || value instanceof Boolean) {
            return value.toString();
        }
        if (value.getClass().isArray()) {
            String all = Arrays.deepToString(new Object[] {value});
            return value.getClass().getComponentType().getSimpleName() + "[]" + all.substring(1, all.length() - 1);
        }
        if (value instanceof Enum<?> constant) {
            return "#" + simple(constant.getDeclaringClass().getName()) + "." + constant.name();
        }
        if (value.getClass().isHidden()) {
            return "#lambda";
        }
        return "#" + simple(value.getClass().getName());
    }

    // The classes.

    /** The class files of {@code com.acme.ctors}, the annotation aside, as the build compiled them. */
    private static Map<String, byte[]> fixtures() throws Exception {
        Path dir = testClasses().resolve(PACKAGE.replace('.', '/'));
        Map<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = PACKAGE + file.getFileName().toString().replace(".class", "");
                if (!name.equals(Events.class.getName())) {
                    classes.put(name, Files.readAllBytes(file));
                }
            }
        }
        return classes;
    }

    private static Path testClasses() throws Exception {
        return Path.of(Events.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private Map<String, byte[]> legacy() throws Exception {
        Map<String, byte[]> classes = compile("8", LEGACY);
        assertThat(classes.values()).allSatisfy(bytes -> assertThat(bytes[7]).isEqualTo((byte) 52));
        return classes;
    }

    /** Compiles sources (binary name to text) with {@code --release}, the annotation on the class path. */
    private Map<String, byte[]> compile(String release, Map<String, String> sources) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler").isNotNull();
        Path out = Files.createTempDirectory(temp, "release" + release);
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        }));
        StringWriter messages = new StringWriter();
        Boolean compiled = javac.getTask(messages, null, null, List.of("--release", release, "-g", "-Xlint:-options",
                "-classpath", testClasses().toString(), "-d", out.toString()), null, units).call();
        assertThat(compiled).as(messages.toString()).isTrue();
        Map<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = out.relativize(file).toString().replace(java.io.File.separatorChar, '.');
                classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(file));
            }
        }
        return classes;
    }

    /** The class file at an older version, without its stack map frames (before Java 6 the JVM infers them). */
    private static byte[] downgraded(byte[] classFile, int version) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int v, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(version, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /** Defines the classes it is given itself, child first; everything else comes from its parent. */
    private static final class World extends ClassLoader {
        private final Map<String, byte[]> classes;

        World(ClassLoader parent, Map<String, byte[]> classes) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    byte[] bytes = classes.get(name);
                    if (bytes == null) {
                        return super.loadClass(name, resolve);
                    }
                    type = defineClass(name, bytes, 0, bytes.length);
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }

        /** Links (and so verifies) every class without initialising it: reflection on members links. */
        void linkAll() throws ClassNotFoundException {
            for (String name : classes.keySet()) {
                Class.forName(name, false, this).getDeclaredMethods();
            }
        }

        /** The classes that fail to link, with why. */
        List<String> linkAllQuietly() {
            List<String> failed = new ArrayList<>();
            for (String name : classes.keySet()) {
                try {
                    Class.forName(name, false, this).getDeclaredMethods();
                } catch (LinkageError | ClassNotFoundException e) {
                    failed.add(name + ": " + e);
                }
            }
            return failed;
        }
    }

    // Sources compiled here.

    private static final Map<String, String> LEGACY = Map.of("legacy.Old", """
            package legacy;

            import java.util.ArrayList;
            import java.util.List;

            /** Inner, anonymous and local classes, and a private nested constructor (javac's access constructor). */
            public class Old {
                public final int base;

                public Old(int base) {
                    this.base = base;
                }

                public class Inner extends Base {
                    public Inner(String text) {
                        super(text + base);
                    }
                }

                private static final class Secret {
                    final long v;

                    private Secret(long v, double d) {
                        this.v = v + (long) d;
                    }

                    @Override
                    public String toString() {
                        return "Secret " + v;
                    }
                }

                public static Object secret(long v) {
                    return new Secret(v, 2.5);
                }

                public Object anonymous(final String s) {
                    return new Base(s + base) {
                        @Override
                        public String toString() {
                            return "anonymous " + label;
                        }
                    };
                }

                public Object local(final int n) {
                    class Local extends Base {
                        Local(String s) {
                            super(s + n + base);
                        }
                    }
                    return new Local("local ");
                }
            }

            class Base {
                final String label;

                Base(String label) {
                    if (label.isEmpty()) {
                        throw new IllegalArgumentException("empty");
                    }
                    this.label = label;
                }

                @Override
                public String toString() {
                    return getClass().getName() + " " + label;
                }
            }

            class Node {
                final Node next;

                Node(Node next) {
                    this.next = next;
                }

                int depth() {
                    return next == null ? 1 : 1 + next.depth();
                }
            }

            /** Ternaries and nested news in super(...), try/catch/finally after it, this(...) computed. */
            class Sub extends Base {
                final List<String> log = new ArrayList<String>();

                Sub(String s, int radix) {
                    super(s == null ? "none" : radix == 10 ? s
                            : new StringBuilder(s).reverse().append(new Node(new Node(null)).depth()).toString());
                    try {
                        log.add(String.valueOf(Integer.parseInt(s, radix)));
                    } catch (NumberFormatException e) {
                        log.add("bad");
                    } finally {
                        log.add("finally");
                    }
                }

                Sub(String csv) {
                    this(csv.substring(csv.indexOf(',') + 1), Integer.parseInt(csv.substring(0, csv.indexOf(','))));
                }

                @Override
                public String toString() {
                    return super.toString() + " " + log;
                }
            }

            class Wide {
                final double sum;

                Wide(long a, double b, int c, long d, float e, double f, boolean g, char h, short i, byte j, String k) {
                    sum = a + b + c + d + e + f + (g ? 1 : 0) + h + i + j + k.length();
                }

                @Override
                public String toString() {
                    return "Wide " + sum;
                }
            }

            enum Mode {
                FAST(1), SLOW(2) {
                    @Override
                    public String toString() {
                        return "slow!";
                    }
                };

                final int weight;

                Mode(int weight) {
                    this.weight = weight * 10;
                }
            }
            """, "legacy.Scenarios", """
            package legacy;

            import com.acme.ctors.Events;
            import java.util.Arrays;

            public final class Scenarios {
                private Scenarios() {
                }

                @Events({
                        "+Old(int) [3]",
                        "-Old(int) = #Old",
                        "+Old$Inner(Old,String) [#Old, \\"x\\"]",
                        "+Base(String) [\\"x3\\"]",
                        "-Base(String) = #Old$Inner",
                        "-Old$Inner(Old,String) = #Old$Inner"
                })
                public static Object inner() {
                    return new Old(3).new Inner("x");
                }

                @Events({
                        "+Old$Secret(long,double,Old$1) [5L, 2.5D, null]",
                        "+Old$Secret(long,double) [5L, 2.5D]",
                        "-Old$Secret(long,double) = #Old$Secret",
                        "-Old$Secret(long,double,Old$1) = #Old$Secret"
                })
                public static Object accessConstructor() {
                    return Old.secret(5L);
                }

                @Events({
                        "+Old(int) [1]",
                        "-Old(int) = #Old",
                        "+Old$1(Old,String) [#Old, \\"a1\\"]",
                        "+Base(String) [\\"a1\\"]",
                        "-Base(String) = #Old$1",
                        "-Old$1(Old,String) = #Old$1"
                })
                public static Object anonymous() {
                    return new Old(1).anonymous("a");
                }

                @Events({
                        "+Old(int) [2]",
                        "-Old(int) = #Old",
                        "+Old$1Local(Old,String,int) [#Old, \\"local \\", 4]",
                        "+Base(String) [\\"local 42\\"]",
                        "-Base(String) = #Old$1Local",
                        "-Old$1Local(Old,String,int) = #Old$1Local"
                })
                public static Object local() {
                    return new Old(2).local(4);
                }

                @Events({
                        "+Sub(String,int) [\\"12\\", 10]",
                        "+Base(String) [\\"12\\"]",
                        "-Base(String) = #Sub",
                        "-Sub(String,int) = #Sub"
                })
                public static Object subDecimal() {
                    return new Sub("12", 10);
                }

                @Events({
                        "+Sub(String,int) [\\"ab\\", 16]",
                        "+Node(Node) [null]",
                        "-Node(Node) = #Node",
                        "+Node(Node) [#Node]",
                        "-Node(Node) = #Node",
                        "+Base(String) [\\"ba2\\"]",
                        "-Base(String) = #Sub",
                        "-Sub(String,int) = #Sub"
                })
                public static Object subHex() {
                    return new Sub("ab", 16);
                }

                @Events({
                        "+Sub(String,int) [\\"zz\\", 10]",
                        "+Base(String) [\\"zz\\"]",
                        "-Base(String) = #Sub",
                        "-Sub(String,int) = #Sub"
                })
                public static Object subCaught() {
                    return new Sub("zz", 10);
                }

                @Events({
                        "+Sub(String,int) [null, 10]",
                        "+Base(String) [\\"none\\"]",
                        "-Base(String) = #Sub",
                        "-Sub(String,int) = #Sub"
                })
                public static Object subNull() {
                    return new Sub(null, 10);
                }

                @Events({
                        "+Sub(String,int) [\\"\\", 10]",
                        "+Base(String) [\\"\\"]",
                        "-Base(String) ! IllegalArgumentException: empty"
                })
                public static Object subEmptyThrowsInSuper() {
                    return new Sub("", 10);
                }

                @Events({
                        "+Sub(String) [\\"16,ff\\"]",
                        "+Sub(String,int) [\\"ff\\", 16]",
                        "+Node(Node) [null]",
                        "-Node(Node) = #Node",
                        "+Node(Node) [#Node]",
                        "-Node(Node) = #Node",
                        "+Base(String) [\\"ff2\\"]",
                        "-Base(String) = #Sub",
                        "-Sub(String,int) = #Sub",
                        "-Sub(String) = #Sub"
                })
                public static Object thisComputed() {
                    return new Sub("16,ff");
                }

                @Events({
                        "+Sub(String) [\\"x,ff\\"]",
                        "-Sub(String) ! NumberFormatException: For input string: \\"x\\""
                })
                public static Object thisComputedThrowsInArgument() {
                    return new Sub("x,ff");
                }

                @Events({
                        "+Wide(long,double,int,long,float,double,boolean,char,short,byte,String)"
                                + " [1099511627776L, 0.5D, 2, -3L, 1.5F, 0.25D, true, 'c', (short)7, (byte)1, \\"k\\"]",
                        "-Wide(long,double,int,long,float,double,boolean,char,short,byte,String) = #Wide"
                })
                public static Object wide() {
                    return new Wide(1L << 40, 0.5, 2, -3L, 1.5f, 0.25, true, 'c', (short) 7, (byte) 1, "k");
                }

                @Events({
                        "+Mode(String,int,int) [\\"FAST\\", 0, 1]",
                        "-Mode(String,int,int) = #Mode.FAST",
                        "+Mode$1(String,int,int) [\\"SLOW\\", 1, 2]",
                        "+Mode(String,int,int,Mode$1) [\\"SLOW\\", 1, 2, null]",
                        "+Mode(String,int,int) [\\"SLOW\\", 1, 2]",
                        "-Mode(String,int,int) = #Mode.SLOW",
                        "-Mode(String,int,int,Mode$1) = #Mode.SLOW",
                        "-Mode$1(String,int,int) = #Mode.SLOW"
                })
                public static Object zEnum() {
                    return Arrays.toString(Mode.values()) + Mode.SLOW.weight;
                }
            }
            """);

    private static final Map<String, String> FLEX = Map.of("flex.Base", """
            package flex;

            public class Base {
                public final String label;

                public Base(String label) {
                    this.label = describe(label);
                }

                protected String describe(String label) {
                    return label;
                }

                @Override
                public String toString() {
                    return getClass().getName() + "[" + label + "]";
                }
            }
            """, "flex.Shapes", """
            package flex;

            import java.util.List;
            import java.util.function.IntUnaryOperator;

            /** Validation before super(...), and a field assigned before it that the superclass's constructor reads. */
            class Positive extends Base {
                final int value;

                Positive(int value) {
                    if (value <= 0) {
                        throw new IllegalArgumentException("not positive: " + value);
                    }
                    this.value = value;
                    super("positive " + value);
                }

                @Override
                protected String describe(String label) {
                    return label + " (value " + value + ")";
                }
            }

            /** A loop first: the body's first instruction has a stack map frame of its own. */
            class Digits extends Base {
                Digits(int n) {
                    while (n >= 100) {
                        n /= 10;
                    }
                    super("digits " + n);
                }
            }

            /** A new object first, a ternary in its argument: frames with an object made uninitialised at offset 0. */
            class Held extends Base {
                final Object held;

                Held(boolean yes) {
                    var text = new StringBuilder(yes ? "yes" : "no");
                    super(text.toString());
                    held = text;
                }
            }

            /** try/catch/finally before super(...); the finally may throw. */
            class Guarded extends Base {
                Guarded(String s) {
                    int v;
                    try {
                        v = Integer.parseInt(s);
                    } catch (NumberFormatException e) {
                        v = -1;
                    } finally {
                        if (s == null) {
                            throw new IllegalStateException("no text");
                        }
                    }
                    super("guarded " + v);
                }
            }

            record Pt(int x, int y) {
            }

            record Bad(int x) {
                @Override
                public int x() {
                    throw new IllegalStateException("accessor " + x);
                }
            }

            /** Record patterns and a pattern switch before super(...), with javac's MatchException handler. */
            class Sized extends Base {
                Sized(Object o) {
                    int size;
                    if (o instanceof Pt(int x, int y)) {
                        size = x * y;
                    } else if (o instanceof Bad(int x)) {
                        size = x;
                    } else {
                        size = switch (o) {
                            case String s when s.length() > 3 -> s.length();
                            case String s -> -1;
                            case Integer i -> i;
                            default -> 0;
                        };
                    }
                    super("size " + size);
                }
            }

            /** A local class and a lambda before super(...). */
            class Summed extends Base {
                Summed(List<Integer> xs) {
                    class Sum {
                        int of(List<Integer> values) {
                            int total = 0;
                            for (int v : values) {
                                total += v;
                            }
                            return total;
                        }
                    }
                    IntUnaryOperator twice = v -> 2 * v;
                    int total = twice.applyAsInt(new Sum().of(xs));
                    super("total " + total);
                }
            }

            /** this(...) after statements, in a record. */
            record Parsed(int value, String text) {
                Parsed(String text) {
                    int v = text.isBlank() ? 0 : Integer.parseInt(text.strip());
                    this(v, text);
                }
            }

            /** An enum's delegating constructor with statements before this(...). */
            enum Level {
                LOW("low"), HIGH("high!");

                final int weight;

                Level(String s) {
                    int w = s.endsWith("!") ? 10 : 1;
                    this(w);
                }

                Level(int weight) {
                    this.weight = weight;
                }
            }

            /** try-with-resources, an assert and a synchronized block before super(...). */
            class Careful extends Base {
                static final Object LOCK = new Object();

                Careful(String s) {
                    assert s != null : "no text";
                    String read;
                    try (var in = new java.io.StringReader(s)) {
                        char[] buffer = new char[4];
                        int n = in.read(buffer);
                        read = n < 0 ? "" : new String(buffer, 0, n);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    synchronized (LOCK) {
                        read = read.toUpperCase(java.util.Locale.ROOT);
                    }
                    super("careful " + read);
                }
            }

            /** An inner class reading its outer object before super(...). */
            class Outer {
                final int base;

                Outer(int base) {
                    this.base = base;
                }

                class Inner extends Base {
                    Inner(int v) {
                        int w = base + v;
                        if (w < 0) {
                            throw new IllegalArgumentException("negative " + w);
                        }
                        super("inner " + w);
                    }
                }
            }
            """, "flex.Scenarios", """
            package flex;

            import com.acme.ctors.Events;
            import java.util.Arrays;
            import java.util.List;

            public final class Scenarios {
                private Scenarios() {
                }

                @Events({
                        "+Positive(int) [5]",
                        "+Base(String) [\\"positive 5\\"]",
                        "-Base(String) = #Positive",
                        "-Positive(int) = #Positive"
                })
                public static Object positive() {
                    return new Positive(5);
                }

                @Events({
                        "+Positive(int) [-2]",
                        "-Positive(int) ! IllegalArgumentException: not positive: -2"
                })
                public static Object positiveRefused() {
                    return new Positive(-2);
                }

                @Events({
                        "+Careful(String) [\\"abcdef\\"]",
                        "+Base(String) [\\"careful ABCD\\"]",
                        "-Base(String) = #Careful",
                        "-Careful(String) = #Careful"
                })
                public static Object carefulTryWithResourcesAssertSynchronized() {
                    return new Careful("abcdef");
                }

                @Events({
                        "+Careful(String) [\\"\\"]",
                        "+Base(String) [\\"careful \\"]",
                        "-Base(String) = #Careful",
                        "-Careful(String) = #Careful"
                })
                public static Object carefulEmptyText() {
                    return new Careful("");
                }

                @Events({
                        "+Digits(int) [12345]",
                        "+Base(String) [\\"digits 12\\"]",
                        "-Base(String) = #Digits",
                        "-Digits(int) = #Digits"
                })
                public static Object digitsLoopFirst() {
                    return new Digits(12345);
                }

                @Events({
                        "+Held(boolean) [true]",
                        "+Base(String) [\\"yes\\"]",
                        "-Base(String) = #Held",
                        "-Held(boolean) = #Held"
                })
                public static Object heldNewFirst() {
                    return new Held(true);
                }

                @Events({
                        "+Held(boolean) [false]",
                        "+Base(String) [\\"no\\"]",
                        "-Base(String) = #Held",
                        "-Held(boolean) = #Held"
                })
                public static Object heldNewFirstOtherArm() {
                    return new Held(false);
                }

                @Events({
                        "+Guarded(String) [\\"7\\"]",
                        "+Base(String) [\\"guarded 7\\"]",
                        "-Base(String) = #Guarded",
                        "-Guarded(String) = #Guarded"
                })
                public static Object guarded() {
                    return new Guarded("7");
                }

                @Events({
                        "+Guarded(String) [\\"x\\"]",
                        "+Base(String) [\\"guarded -1\\"]",
                        "-Base(String) = #Guarded",
                        "-Guarded(String) = #Guarded"
                })
                public static Object guardedCaught() {
                    return new Guarded("x");
                }

                @Events({
                        "+Guarded(String) [null]",
                        "-Guarded(String) ! IllegalStateException: no text"
                })
                public static Object guardedFinallyThrows() {
                    return new Guarded(null);
                }

                @Events({
                        "+Pt(int,int) [3, 4]",
                        "-Pt(int,int) = #Pt",
                        "+Sized(Object) [#Pt]",
                        "+Base(String) [\\"size 12\\"]",
                        "-Base(String) = #Sized",
                        "-Sized(Object) = #Sized"
                })
                public static Object sizedRecordPattern() {
                    return new Sized(new Pt(3, 4));
                }

                @Events({
                        "+Bad(int) [2]",
                        "-Bad(int) = #Bad",
                        "+Sized(Object) [#Bad]",
                        "-Sized(Object) ! MatchException: java.lang.IllegalStateException: accessor 2"
                })
                public static Object sizedMatchException() {
                    return new Sized(new Bad(2));
                }

                @Events({
                        "+Sized(Object) [\\"hello\\"]",
                        "+Base(String) [\\"size 5\\"]",
                        "-Base(String) = #Sized",
                        "-Sized(Object) = #Sized"
                })
                public static Object sizedPatternSwitch() {
                    return new Sized("hello");
                }

                @Events({
                        "+Sized(Object) [null]",
                        "-Sized(Object) ! NullPointerException: null"
                })
                public static Object sizedPatternSwitchNull() {
                    return new Sized(null);
                }

                @Events({
                        "+Summed(List) [#ImmutableCollections$ListN]",
                        "+Summed$1Sum() []",
                        "-Summed$1Sum() = #Summed$1Sum",
                        "+Base(String) [\\"total 12\\"]",
                        "-Base(String) = #Summed",
                        "-Summed(List) = #Summed"
                })
                public static Object summedLocalClassAndLambda() {
                    return new Summed(List.of(1, 2, 3));
                }

                @Events({
                        "+Parsed(String) [\\" 12 \\"]",
                        "+Parsed(int,String) [12, \\" 12 \\"]",
                        "-Parsed(int,String) = #Parsed",
                        "-Parsed(String) = #Parsed"
                })
                public static Object recordThisAfterStatements() {
                    return new Parsed(" 12 ");
                }

                @Events({
                        "+Parsed(String) [\\"z\\"]",
                        "-Parsed(String) ! NumberFormatException: For input string: \\"z\\""
                })
                public static Object recordThisAfterStatementsThrows() {
                    return new Parsed("z");
                }

                @Events({
                        "+Outer(int) [4]",
                        "-Outer(int) = #Outer",
                        "+Outer$Inner(Outer,int) [#Outer, 1]",
                        "+Base(String) [\\"inner 5\\"]",
                        "-Base(String) = #Outer$Inner",
                        "-Outer$Inner(Outer,int) = #Outer$Inner"
                })
                public static Object innerReadsOuterBeforeSuper() {
                    return new Outer(4).new Inner(1);
                }

                @Events({
                        "+Outer(int) [4]",
                        "-Outer(int) = #Outer",
                        "+Outer$Inner(Outer,int) [#Outer, -9]",
                        "-Outer$Inner(Outer,int) ! IllegalArgumentException: negative -5"
                })
                public static Object innerRefusedBeforeSuper() {
                    return new Outer(4).new Inner(-9);
                }

                @Events({
                        "+Level(String,int,String) [\\"LOW\\", 0, \\"low\\"]",
                        "+Level(String,int,int) [\\"LOW\\", 0, 1]",
                        "-Level(String,int,int) = #Level.LOW",
                        "-Level(String,int,String) = #Level.LOW",
                        "+Level(String,int,String) [\\"HIGH\\", 1, \\"high!\\"]",
                        "+Level(String,int,int) [\\"HIGH\\", 1, 10]",
                        "-Level(String,int,int) = #Level.HIGH",
                        "-Level(String,int,String) = #Level.HIGH"
                })
                public static Object zEnumThisAfterStatements() {
                    return Arrays.toString(Level.values()) + Level.HIGH.weight;
                }
            }
            """);
}
