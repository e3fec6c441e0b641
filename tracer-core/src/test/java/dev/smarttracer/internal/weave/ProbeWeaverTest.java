package dev.smarttracer.internal.weave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.Bytecode;
import dev.smarttracer.Scope;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.internal.snapshot.SnapshotLimits;
import dev.smarttracer.internal.snapshot.Snapshotter;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The woven probe code behaves exactly as {@link ProbeAdvice} says, and the method around it exactly as
 * before: the fixture's methods of every shape are woven into a copy of their class in a fresh loader (so
 * the JVM verifies them), called with their gates open against a recording sink, and compared with the
 * original; and they are traced for real, comparing the events with what each call was given and did.
 */
class ProbeWeaverTest {

    private static final String FIXTURE = "com.acme.Bytecode";
    private static final Snapshotter SNAPSHOTS = new Snapshotter(SnapshotLimits.DEFAULT);

    private static RecordingBridge bridge;

    private final List<Object> events = new CopyOnWriteArrayList<>();
    private final Map<Integer, String> signatures = new HashMap<>();
    private volatile Mode mode = Mode.DELIVER;
    private Object sink;

    /** What the recording sink does. */
    private enum Mode { DELIVER, NOT_DELIVERED, ENTER_THROWS, ENTER_OVERFLOWS, EXIT_THROWS, EXIT_OVERFLOWS }

    private record Entered(int probe, Object[] args) {
    }

    private record Exited(int probe, Object returned, Throwable thrown) {
    }

    /** One call of a fixture method; instance methods run on a fresh instance whose counter is 5. */
    private record Scenario(String method, Class<?>[] types, Supplier<Object[]> args) {
        @Override
        public String toString() {
            return method + Arrays.deepToString(args.get());
        }
    }

    /** What a call did, rendered with value types, so two classes' outcomes compare exactly. */
    private record Outcome(String value, String thrown, String argsAfter, String counterAfter) {
    }

    @BeforeAll
    static void bridge() throws Exception {
        // The engine installs the bridge with its first trace.
        bridge = RecordingBridge.installed(FIXTURE + "#nothing");
    }

    @BeforeEach
    void recordingSink() {
        sink = bridge.sink(this::enter);
    }

    @AfterEach
    void releaseProbesAndStopTraces() throws Exception {
        bridge.releaseAndCheckRestored(sink, signatures.keySet());
    }

    private Object enter(int probe, Object[] args) {
        events.add(new Entered(probe, args));
        return switch (mode) {
            case NOT_DELIVERED -> null;
            case ENTER_THROWS -> throw new IllegalStateException("the sink failed");
            case ENTER_OVERFLOWS -> throw new StackOverflowError();
            default -> bridge.exit((returned, thrown) -> exit(probe, returned, thrown));
        };
    }

    private Object exit(int probe, Object returned, Throwable thrown) {
        events.add(new Exited(probe, returned, thrown));
        if (mode == Mode.EXIT_THROWS) {
            throw new IllegalStateException("the exit failed");
        }
        if (mode == Mode.EXIT_OVERFLOWS) {
            throw new StackOverflowError();
        }
        return null;
    }

    private static List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>();
        all.add(scenario("not", types(boolean.class), true));
        all.add(scenario("nextByte", types(byte.class), (byte) 127));
        all.add(scenario("upper", types(char.class), 'q'));
        all.add(scenario("twice", types(short.class), (short) 1_234));
        all.add(scenario("sum", types(int.class, int.class), 40, 2));
        all.add(scenario("mixLong", types(int.class, long.class, int.class), 3, 1L << 40, 7));
        all.add(scenario("half", types(float.class), 3f));
        all.add(scenario("mixDouble", types(double.class, int.class, double.class), 1.5, 4, 0.25));
        Class<?>[] describe = types(boolean.class, byte.class, char.class, short.class, int.class, long.class,
                float.class, double.class, String.class, int[].class);
        all.add(new Scenario("describe", describe, () -> new Object[] {true, (byte) -1, 'x', (short) 7, -9,
                Long.MIN_VALUE, 1.25f, Double.NaN, "text", new int[] {1, 2}}));
        all.add(scenario("describe", describe, false, (byte) 0, '\0', (short) 0, 0, 0L, 0f, 0d, null, null));
        all.add(new Scenario("reversed", types(int[].class), () -> new Object[] {new int[] {1, 2, 3}}));
        all.add(scenario("reversed", types(int[].class), (Object) null));
        all.add(scenario("nothing", types()));
        all.add(scenario("add", types(int.class), 4));
        all.add(scenario("counter", types()));
        all.add(scenario("instanceLongs", types(long.class, double.class), 10L, 2.5));
        for (int divisor : new int[] {4, 0, -1}) {
            all.add(new Scenario("tryCatchFinally", types(int.class, List.class),
                    () -> new Object[] {divisor, new ArrayList<String>()}));
        }
        all.add(scenario("synchronizedBlock", types(int.class), 10));
        all.add(scenario("synchronizedBlock", types(int.class), 5_000));
        all.add(scenario("synchronizedMethod", types(int.class), 3));
        all.add(scenario("loop", types(int.class), 50));
        all.add(scenario("loopAtStart", types(int.class), 100));
        all.add(scenario("loopAtStart", types(int.class), 3));
        for (int value : new int[] {1, 3, 1_000, 7}) {
            all.add(scenario("switchOn", types(int.class), value));
        }
        for (String value : new String[] {"a", "c", "hello", null}) {
            all.add(scenario("switchOnString", types(String.class), value));
        }
        all.add(scenario("parse", types(String.class), "12"));
        all.add(scenario("parse", types(String.class), "x12"));
        all.add(scenario("length", types(String.class), (Object) null));
        all.add(new Scenario("at", types(int[].class, int.class), () -> new Object[] {new int[] {1}, 3}));
        all.add(scenario("stackAcrossBranch", types(boolean.class, int.class), true, 5));
        all.add(scenario("stackAcrossBranch", types(boolean.class, int.class), false, 5));
        all.add(scenario("manyLocals", types(int.class), 17));
        all.add(scenario("lambdas", types(List.class), List.of(1, 2, 3)));
        for (int n = 0; n < 3; n++) {
            all.add(scenario("nestedTry", types(int.class), n));
        }
        return all;
    }

    private static Scenario scenario(String method, Class<?>[] types, Object... args) {
        return new Scenario(method, types, () -> args.clone());
    }

    private static Class<?>[] types(Class<?>... types) {
        return types;
    }

    @Test
    void everyShape_withItsGateOpen_behavesAsTheOriginal_andTheSinkGetsExactlyItsArgumentsAndOutcome()
            throws Exception {
        Class<?> woven = wovenFixture();
        for (Scenario scenario : scenarios()) {
            Outcome expected = run(Bytecode.class, scenario, null);
            int first = events.size();
            Object[] args = scenario.args().get();
            Object[] result = new Object[2];
            Outcome actual = run(woven, scenario, args, result);
            assertThat(actual).as(scenario.toString()).isEqualTo(expected);

            int probe = probeOf(woven, scenario);
            List<Object> own = events.subList(first, events.size()).stream().filter(e -> e instanceof Entered in ? in.probe() == probe
                    : ((Exited) e).probe() == probe).toList();
            assertThat(own).as(scenario + ": its events").hasSize(2);
            Entered entered = (Entered) own.get(0);
            assertThat(entered.args()).as(scenario + ": the arguments").hasSize(args.length);
            for (int i = 0; i < args.length; i++) {
                if (scenario.types()[i].isPrimitive()) {
                    assertThat(entered.args()[i]).as(scenario + ": argument " + i).isEqualTo(args[i])
                            .isExactlyInstanceOf(args[i].getClass());
                } else {
                    assertThat(entered.args()[i]).as(scenario + ": argument " + i).isSameAs(args[i]);
                }
            }
            Exited exited = (Exited) own.get(1);
            if (result[1] != null) {
                assertThat(exited.thrown()).as(scenario + ": thrown").isSameAs(result[1]);
                assertThat(exited.returned()).as(scenario + ": returned with a throw").isNull();
            } else {
                assertThat(exited.thrown()).as(scenario + ": thrown").isNull();
                Method method = woven.getDeclaredMethod(scenario.method(), scenario.types());
                if (method.getReturnType().isPrimitive()) {
                    assertThat(exited.returned()).as(scenario + ": returned").isEqualTo(result[0]);
                } else {
                    assertThat(exited.returned()).as(scenario + ": returned").isSameAs(result[0]);
                }
            }
        }
        assertThat(events).as("the lambdas' bodies were entered and exited too")
                .filteredOn(e -> e instanceof Entered in && signatures.get(in.probe()).startsWith("lambda$"))
                .hasSize(8);
    }

    @Test
    void gatesClosed_nothingReachesTheSink_andEveryCallBehavesAsTheOriginal() throws Exception {
        Class<?> woven = wovenFixture();
        for (int probe : signatures.keySet()) {
            bridge.setOpen(sink, probe, false);
        }
        for (Scenario scenario : scenarios()) {
            assertThat(run(woven, scenario, null)).as(scenario.toString()).isEqualTo(run(Bytecode.class, scenario, null));
        }
        assertThat(events).isEmpty();
    }

    @Test
    void aSinkOrExitThatThrowsOrOverflows_changesNothingTheMethodDoes() throws Exception {
        Class<?> woven = wovenFixture();
        for (Mode failing : new Mode[] {Mode.ENTER_THROWS, Mode.ENTER_OVERFLOWS, Mode.EXIT_THROWS, Mode.EXIT_OVERFLOWS,
                Mode.NOT_DELIVERED}) {
            mode = failing;
            for (Scenario scenario : scenarios()) {
                events.clear();
                Object[] args = scenario.args().get();
                Object[] result = new Object[2];
                Outcome actual = run(woven, scenario, args, result);
                assertThat(actual).as(failing + " " + scenario).isEqualTo(run(Bytecode.class, scenario, null));
                int probe = probeOf(woven, scenario);
                long exits = events.stream().filter(e -> e instanceof Exited out && out.probe() == probe).count();
                boolean delivered = failing == Mode.EXIT_THROWS || failing == Mode.EXIT_OVERFLOWS;
                assertThat(exits).as(failing + " " + scenario + ": exits").isEqualTo(delivered ? 1 : 0);
                if (delivered && result[1] != null) {
                    assertThat(events).as(failing + " " + scenario + ": the same throwable")
                            .anySatisfy(e -> assertThat(e instanceof Exited out && out.thrown() == result[1]).isTrue());
                }
            }
        }
    }

    @Test
    void traced_eachCallsEventsCarryItsArgumentsAndItsReturnValueOrException() throws Exception {
        List<Outcome> untraced = new ArrayList<>();
        List<Object[]> results = new ArrayList<>();
        List<Object[]> argsGiven = new ArrayList<>();
        for (Scenario scenario : scenarios()) {
            untraced.add(run(Bytecode.class, scenario, null));
        }
        List<Call> calls = new CopyOnWriteArrayList<>();
        List<Call> lambdaCalls = new CopyOnWriteArrayList<>();
        TraceOptions options = TraceOptions.defaults().scope(Scope.LOCAL).returns(true);
        Trace methods = SmartTracer.trace(FIXTURE + "#*", 10_000, options.handler(calls::add));
        Trace lambdas = SmartTracer.trace(FIXTURE + "#lambda$*", 10_000, options.handler(lambdaCalls::add));
        for (Scenario scenario : scenarios()) {
            Object[] args = scenario.args().get();
            Object[] result = new Object[2];
            // The snapshot is taken on entry: arguments as they were then.
            Object[] snapshot = SNAPSHOTS.snapshotInPlace(args.clone());
            Outcome traced = run(Bytecode.class, scenario, args, result);
            assertThat(traced).as(scenario.toString()).isEqualTo(untraced.get(argsGiven.size()));
            argsGiven.add(snapshot);
            results.add(result);
        }
        methods.close();
        lambdas.close();
        assertThat(methods.awaitCompleted(Duration.ofSeconds(10))).isTrue();
        assertThat(lambdas.awaitCompleted(Duration.ofSeconds(10))).isTrue();

        List<Call> entries = calls.stream().filter(c -> c.type() == CallType.CALL)
                .sorted((a, b) -> Long.compare(a.callId(), b.callId())).toList();
        Map<Long, Call> exits = new HashMap<>();
        calls.stream().filter(c -> c.type() != CallType.CALL).forEach(c -> exits.put(c.callId(), c));
        int next = 0;
        List<Scenario> scenarios = scenarios();
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario scenario = scenarios.get(i);
            // Calls made inside another (sum, from stackAcrossBranch) are skipped here.
            while (next < entries.size() && !entries.get(next).methodName().equals(scenario.method())) {
                next++;
            }
            assertThat(next).as(scenario + ": its CALL").isLessThan(entries.size());
            Call entry = entries.get(next++);
            assertThat(entry.args()).as(scenario + ": CALL args").containsExactly(argsGiven.get(i));
            Call exit = exits.get(entry.callId());
            assertThat(exit).as(scenario + ": its exit").isNotNull();
            Object[] result = results.get(i);
            if (result[1] != null) {
                Throwable thrown = (Throwable) result[1];
                assertThat(exit.type()).as(scenario.toString()).isEqualTo(CallType.EXCEPTION);
                assertThat(exit.exception().type()).isEqualTo(thrown.getClass().getName());
                assertThat(exit.exception().message()).isEqualTo(thrown.getMessage());
            } else {
                assertThat(exit.type()).as(scenario.toString()).isEqualTo(CallType.RETURN);
                assertThat(exit.returnValue()).as(scenario + ": RETURN value").isEqualTo(SNAPSHOTS.snapshot(result[0]));
            }
        }
        // map: 3 calls, filter: 3, the reducing operator: 2 (4 + 6 after 0 + 4).
        assertThat(lambdaCalls).filteredOn(c -> c.type() == CallType.CALL).hasSize(8);
        assertThat(lambdaCalls).filteredOn(c -> c.type() == CallType.RETURN).extracting(Call::returnValue)
                .containsExactlyInAnyOrder(2, 4, 6, false, true, true, 4, 10);
    }

    @Test
    void theMethodsOwnLocalsKeepTheirSlots_theProbesComeAfterThem() throws IOException {
        byte[] original = classFile(Bytecode.class);
        Map<String, Integer> plan = planAll(original, 1);
        byte[] woven = ProbeWeaver.weave(original, plan, new HashSet<>());
        Map<String, List<String>> before = localAccesses(original);
        Map<String, List<String>> after = localAccesses(woven);
        Map<String, Integer> maxLocals = maxLocals(original);
        for (String signature : plan.keySet()) {
            int max = maxLocals.get(signature);
            List<String> own = new ArrayList<>();
            List<String> probes = new ArrayList<>();
            for (String access : after.get(signature)) {
                (Integer.parseInt(access.substring(access.indexOf(' ') + 1)) < max ? own : probes).add(access);
            }
            // The entry code reads each parameter once, before the method's own code.
            List<String> parameterReads = parameterReads(signature);
            assertThat(own.subList(0, parameterReads.size())).as(signature).isEqualTo(parameterReads);
            assertThat(own.subList(parameterReads.size(), own.size())).as(signature).isEqualTo(before.get(signature));
            assertThat(probes).as(signature + ": the probe's own locals").isNotEmpty();
        }
    }

    @Test
    void aReturnThatLeavesValuesUnderItsOwn_dropsThem() throws Exception {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/generated/Leftovers", null, "java/lang/Object", null);
        MethodVisitor under = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "under", "(I)J", null, null);
        under.visitCode();
        under.visitInsn(Opcodes.ICONST_1);
        under.visitInsn(Opcodes.LCONST_1);
        under.visitInsn(Opcodes.ACONST_NULL);
        under.visitVarInsn(Opcodes.ILOAD, 0);
        under.visitInsn(Opcodes.I2L);
        under.visitInsn(Opcodes.LRETURN);
        under.visitMaxs(0, 0);
        under.visitEnd();
        MethodVisitor branch = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "underAfterBranch",
                "(I)I", null, null);
        branch.visitCode();
        branch.visitIntInsn(Opcodes.BIPUSH, 7);
        branch.visitInsn(Opcodes.DCONST_1);
        branch.visitVarInsn(Opcodes.ILOAD, 0);
        Label negative = new Label();
        branch.visitJumpInsn(Opcodes.IFLT, negative);
        branch.visitVarInsn(Opcodes.ILOAD, 0);
        branch.visitInsn(Opcodes.IRETURN);
        branch.visitLabel(negative);
        branch.visitInsn(Opcodes.DUP2_X1);
        branch.visitInsn(Opcodes.POP2);
        branch.visitInsn(Opcodes.ICONST_M1);
        branch.visitInsn(Opcodes.IRETURN);
        branch.visitMaxs(0, 0);
        branch.visitEnd();
        // Every stack shuffle, on values of both sizes: a miscount leaves the jump to the exit with a
        // stack the verifier refuses.
        MethodVisitor shuffled = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "shuffled", "()I", null,
                null);
        shuffled.visitCode();
        shuffled.visitInsn(Opcodes.LCONST_1);
        shuffled.visitInsn(Opcodes.ICONST_1);
        shuffled.visitInsn(Opcodes.ICONST_2);
        shuffled.visitInsn(Opcodes.DUP_X1);
        shuffled.visitInsn(Opcodes.DUP2_X1);
        shuffled.visitInsn(Opcodes.DCONST_0);
        shuffled.visitInsn(Opcodes.DUP2_X2);
        shuffled.visitInsn(Opcodes.POP2);
        shuffled.visitInsn(Opcodes.SWAP);
        shuffled.visitInsn(Opcodes.DUP2);
        shuffled.visitInsn(Opcodes.DUP_X2);
        shuffled.visitInsn(Opcodes.DUP);
        shuffled.visitInsn(Opcodes.POP);
        shuffled.visitInsn(Opcodes.ICONST_3);
        shuffled.visitInsn(Opcodes.IRETURN);
        shuffled.visitMaxs(0, 0);
        shuffled.visitEnd();
        MethodVisitor none = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "underVoid", "()V", null, null);
        none.visitCode();
        none.visitInsn(Opcodes.DCONST_1);
        none.visitInsn(Opcodes.ICONST_0);
        none.visitInsn(Opcodes.RETURN);
        none.visitMaxs(0, 0);
        none.visitEnd();
        writer.visitEnd();
        Class<?> woven = weaveAndDefine("com.acme.generated.Leftovers", writer.toByteArray());

        assertThat(woven.getMethod("under", int.class).invoke(null, 41)).isEqualTo(41L);
        assertThat(woven.getMethod("underAfterBranch", int.class).invoke(null, 3)).isEqualTo(3);
        assertThat(woven.getMethod("underAfterBranch", int.class).invoke(null, -3)).isEqualTo(-1);
        assertThat(woven.getMethod("underVoid").invoke(null)).isNull();
        assertThat(woven.getMethod("shuffled").invoke(null)).isEqualTo(3);
        assertThat(events).filteredOn(e -> e instanceof Exited).extracting(e -> ((Exited) e).returned())
                .containsExactly(41L, 3, -1, null, 3);
    }

    @Test
    void aClassFileWithoutFrames_withASubroutineAndALoopEnteredFromBelow_isWoven() throws Exception {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC, "com/acme/generated/Old", null, "java/lang/Object", null);
        MethodVisitor subroutine = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "plusOne", "(I)I",
                null, null);
        subroutine.visitCode();
        Label increment = new Label();
        subroutine.visitJumpInsn(Opcodes.JSR, increment);
        subroutine.visitVarInsn(Opcodes.ILOAD, 0);
        subroutine.visitInsn(Opcodes.IRETURN);
        subroutine.visitLabel(increment);
        subroutine.visitVarInsn(Opcodes.ASTORE, 1);
        subroutine.visitIincInsn(0, 1);
        subroutine.visitVarInsn(Opcodes.RET, 1);
        subroutine.visitMaxs(0, 0);
        subroutine.visitEnd();
        MethodVisitor loop = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "count", "(I)I", null, null);
        loop.visitCode();
        Label body = new Label();
        Label condition = new Label();
        loop.visitInsn(Opcodes.ICONST_0);
        loop.visitVarInsn(Opcodes.ISTORE, 1);
        loop.visitJumpInsn(Opcodes.GOTO, condition);
        loop.visitLabel(body);
        loop.visitIincInsn(1, 2);
        loop.visitIincInsn(0, -1);
        loop.visitLabel(condition);
        loop.visitVarInsn(Opcodes.ILOAD, 0);
        loop.visitJumpInsn(Opcodes.IFGT, body);
        loop.visitVarInsn(Opcodes.ILOAD, 1);
        loop.visitInsn(Opcodes.IRETURN);
        loop.visitMaxs(0, 0);
        loop.visitEnd();
        writer.visitEnd();
        Class<?> woven = weaveAndDefine("com.acme.generated.Old", writer.toByteArray());

        assertThat(woven.getMethod("plusOne", int.class).invoke(null, 41)).isEqualTo(42);
        assertThat(woven.getMethod("count", int.class).invoke(null, 5)).isEqualTo(10);
        assertThat(events).filteredOn(e -> e instanceof Exited).extracting(e -> ((Exited) e).returned())
                .containsExactly(42, 10);
    }

    @Test
    void aMethodWithNoRoomLeftUnderTheCodeLimit_isUnweavable_namingIt() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/generated/Big", null, "java/lang/Object", null);
        MethodVisitor big = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "big", "()I", null, null);
        big.visitCode();
        for (int i = 0; i < 32_750; i++) {
            big.visitInsn(Opcodes.ICONST_0);
            big.visitInsn(Opcodes.POP);
        }
        big.visitIntInsn(Opcodes.BIPUSH, 7);
        big.visitInsn(Opcodes.IRETURN);
        big.visitMaxs(0, 0);
        big.visitEnd();
        writer.visitEnd();
        assertThatThrownBy(() -> ProbeWeaver.weave(writer.toByteArray(), Map.of("big()I", 1), new HashSet<>()))
                .isInstanceOf(ProbeWeaver.Unweavable.class)
                .hasMessageStartingWith("cannot trace com.acme.generated.Big#big(): with the tracing code its bytecode")
                .cause().extracting(cause -> cause.getClass().getSimpleName()).isEqualTo("MethodTooLargeException");
    }

    @Test
    void theClassFileKeepsItsVersion_andMethodsNotPlannedAreNotWoven() throws IOException {
        byte[] original = classFile(Bytecode.class);
        Set<String> done = new HashSet<>();
        byte[] woven = ProbeWeaver.weave(original, Map.of("sum(II)I", 3, "absent()V", 4, "<clinit>()V", 5), done);
        assertThat(done).containsExactly("sum(II)I");
        assertThat(Arrays.copyOfRange(woven, 4, 8)).isEqualTo(Arrays.copyOfRange(original, 4, 8));
        Map<String, List<String>> before = localAccesses(original);
        Map<String, List<String>> after = localAccesses(woven);
        for (String signature : before.keySet()) {
            if (!signature.equals("sum(II)I")) {
                assertThat(after.get(signature)).as(signature).isEqualTo(before.get(signature));
            }
        }
        assertThat(after.get("sum(II)I")).isNotEqualTo(before.get("sum(II)I"));
    }

    @Test
    void theWeaverRefersToTheBridgeByNameOnly() throws IOException {
        List<String> references = new ArrayList<>();
        new ClassReader(classFile(ProbeWeaver.class)).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        references.add(owner);
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        references.add(type);
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                        references.add(owner);
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        references.add(value instanceof Type type ? type.getInternalName() : "constant");
                    }
                };
            }
        }, 0);
        assertThat(references).isNotEmpty().noneMatch(owner -> owner.startsWith("dev/smarttracer/bridge/"));
    }

    /** Weaves every method of the fixture, each with its own open probe, into a copy in a fresh loader. */
    private Class<?> wovenFixture() throws Exception {
        return weaveAndDefine(FIXTURE, classFile(Bytecode.class));
    }

    private Class<?> weaveAndDefine(String name, byte[] original) throws Exception {
        Map<String, Integer> plan = new HashMap<>();
        for (String signature : planAll(original, 0).keySet()) {
            int probe = bridge.allocate(sink);
            signatures.put(probe, signature);
            plan.put(signature, probe);
            bridge.setOpen(sink, probe, true);
        }
        Set<String> done = new HashSet<>();
        byte[] woven = ProbeWeaver.weave(original, plan, done);
        assertThat(done).isEqualTo(plan.keySet());
        Class<?> type = new Definer(getClass().getClassLoader()).define(name, woven);
        // Initialising links the class: the JVM verifies every method now.
        return Class.forName(name, true, type.getClassLoader());
    }

    private int probeOf(Class<?> woven, Scenario scenario) throws NoSuchMethodException {
        Method method = woven.getDeclaredMethod(scenario.method(), scenario.types());
        String signature = method.getName() + Type.getMethodDescriptor(method);
        return signatures.entrySet().stream().filter(e -> e.getValue().equals(signature)).findFirst().orElseThrow()
                .getKey();
    }

    private static Outcome run(Class<?> type, Scenario scenario, Object[] given) throws Exception {
        return run(type, scenario, given != null ? given : scenario.args().get(), new Object[2]);
    }

    /** Calls a scenario's method; {@code result} gets the returned value and the throwable, if any. */
    private static Outcome run(Class<?> type, Scenario scenario, Object[] args, Object[] result) throws Exception {
        Method method = type.getDeclaredMethod(scenario.method(), scenario.types());
        method.setAccessible(true);
        Object target = Modifier.isStatic(method.getModifiers()) ? null
                : type.getConstructor(int.class).newInstance(5);
        try {
            result[0] = method.invoke(target, args);
        } catch (InvocationTargetException thrown) {
            result[1] = thrown.getCause();
        }
        String counter = "";
        if (target != null) {
            Field field = type.getDeclaredField("counter");
            field.setAccessible(true);
            counter = String.valueOf(field.get(target));
        }
        Throwable thrown = (Throwable) result[1];
        return new Outcome(render(result[0]), thrown == null ? null : thrown.getClass().getName() + ": "
                + thrown.getMessage(), render(args), counter);
    }

    private static String render(Object value) {
        return value == null ? "null" : value.getClass().getName() + " " + Arrays.deepToString(new Object[] {value});
    }

    /** Every method with code, constructors aside, with one probe id. */
    private static Map<String, Integer> planAll(byte[] classFile, int probe) {
        Map<String, Integer> plan = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (!name.startsWith("<") && (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0) {
                    plan.put(name + descriptor, probe);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return plan;
    }

    /** Each method's reads and writes of locals, in order, as {@code opcode slot}. */
    private static Map<String, List<String>> localAccesses(byte[] classFile) {
        Map<String, List<String>> accesses = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                List<String> list = new ArrayList<>();
                accesses.put(name + descriptor, list);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitVarInsn(int opcode, int slot) {
                        list.add(opcode + " " + slot);
                    }

                    @Override
                    public void visitIincInsn(int slot, int increment) {
                        list.add("iinc " + slot);
                    }
                };
            }
        }, 0);
        return accesses;
    }

    private static Map<String, Integer> maxLocals(byte[] classFile) {
        Map<String, Integer> maxLocals = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMaxs(int maxStack, int locals) {
                        maxLocals.put(name + descriptor, locals);
                    }
                };
            }
        }, 0);
        return maxLocals;
    }

    /** The reads of each parameter of a fixture method, as the entry code makes them. */
    private static List<String> parameterReads(String signature) throws IOException {
        String descriptor = signature.substring(signature.indexOf('('));
        boolean isStatic = isStatic(signature);
        List<String> reads = new ArrayList<>();
        int slot = isStatic ? 0 : 1;
        for (Type parameter : Type.getArgumentTypes(descriptor)) {
            reads.add(parameter.getOpcode(Opcodes.ILOAD) + " " + slot);
            slot += parameter.getSize();
        }
        return reads;
    }

    private static boolean isStatic(String signature) throws IOException {
        boolean[] found = new boolean[1];
        new ClassReader(classFile(Bytecode.class)).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String sig,
                    String[] exceptions) {
                if ((name + descriptor).equals(signature)) {
                    found[0] = (access & Opcodes.ACC_STATIC) != 0;
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return found[0];
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines one class itself; everything else comes from its parent. */
    private static final class Definer extends ClassLoader {
        Definer(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(String name, byte[] classFile) {
            return defineClass(name, classFile, 0, classFile.length);
        }
    }
}
