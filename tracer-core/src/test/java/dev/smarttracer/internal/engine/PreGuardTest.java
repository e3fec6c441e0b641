package dev.smarttracer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.Foo;
import com.acme.Primitives;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.internal.weave.ProbeWeaver;
import dev.smarttracer.recorder.StopReason;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Nothing the tracer runs on a traced thread before its re-entry guard can be traced: each such
 * JDK method, found from the code (the woven advice, the bridge, the router and the guard), is
 * refused, or, if accepted, delivers exactly its limit and ends instead of recursing.
 */
class PreGuardTest {

    private static final TraceOptions JDK = TraceOptions.defaults().allowJdkClasses(true);

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Trace trace : SmartTracer.activeTraces()) {
            trace.close();
            assertThat(trace.awaitDetached(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void everyJdkMethodRunBeforeTheGuard_isRefusedOrDeliversExactlyItsLimitAndEnds() throws Exception {
        Set<String> found = new TreeSet<>(TraceEngine.instance().preGuardCalls());
        found.addAll(jdkCallsOfWovenAdvice());
        assertThat(found).as("found from the code").contains(
                "java/util/concurrent/atomic/AtomicReferenceArray.get(I)Ljava/lang/Object;",
                "java/lang/Integer.valueOf(I)Ljava/lang/Integer;", "java/lang/invoke/*");

        List<String> unsafe = new ArrayList<>();
        int tried = 0;
        for (String key : found) {
            for (Method method : methodsOf(key)) {
                tried++;
                Trace jdkTrace;
                AtomicLong delivered = new AtomicLong();
                try {
                    jdkTrace = SmartTracer.trace(method, 3, JDK.handler(call -> delivered.incrementAndGet()));
                } catch (IllegalArgumentException refused) {
                    assertThat(refused.getMessage()).as(key).containsAnyOf("before it can tell that it is inside",
                            "intrinsic candidate", "native", "no bytecode");
                    continue;
                }
                // Accepted: traced calls run the method before the guard; it must not recurse.
                Trace fooTrace = SmartTracer.trace(Foo::bar, 10, TraceOptions.defaults().handler(TraceHandler.discard()));
                for (int i = 0; i < 10; i++) {
                    Foo.bar("call " + i);
                }
                fooTrace.close();
                jdkTrace.close();
                if (!jdkTrace.awaitCompleted(Duration.ofSeconds(10)) || delivered.get() > 3
                        || fooTrace.delivered() != 10) {
                    unsafe.add(method + ": " + jdkTrace + ", " + fooTrace);
                }
            }
        }
        assertThat(tried).as("methods tried").isGreaterThan(5);
        assertThat(unsafe).isEmpty();
    }

    @Test
    void theMethodsTheGuardRunsOn_areTheSameFewOnEveryJdk() {
        assertThat(TraceEngine.instance().preGuardCalls()).allSatisfy(key -> assertThat(key).matches(
                "java/lang/invoke/.*|java/util/concurrent/atomic/AtomicReferenceArray\\..*"
                        + "|java/lang/Thread\\.(currentThread|onSpinWait|isAlive|alive)\\(.*|java/lang/System\\.identityHashCode\\(.*"));
    }

    @Test
    void threadLocalGet_oncePartOfTheGuard_isNowTracedExactly() throws Exception {
        ThreadLocal<String> local = ThreadLocal.withInitial(() -> "x");
        AtomicLong delivered = new AtomicLong();
        Trace trace = SmartTracer.trace(ThreadLocal.class.getMethod("get"), 5,
                JDK.handler(call -> delivered.incrementAndGet()));
        for (int i = 0; i < 20; i++) {
            local.get();
        }
        assertThat(trace.awaitCompleted(Duration.ofSeconds(10))).isTrue();
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(delivered.get()).isEqualTo(5);
    }

    @Test
    void boxingValueOf_isRefusedAsAnIntrinsicCandidate() {
        assertThatThrownBy(() -> SmartTracer.trace(Integer.class.getMethod("valueOf", int.class), 5, JDK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Integer#valueOf is an intrinsic candidate")
                .hasMessageContaining("no call count can be promised");
    }

    @Test
    void theBridgesGateRead_isRefusedAsRunBeforeTheGuard() {
        assertThatThrownBy(() -> SmartTracer.trace(
                java.util.concurrent.atomic.AtomicReferenceArray.class.getMethod("get", int.class), 5, JDK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is run by SmartTracer itself on the traced thread before it can tell");
    }

    /**
     * Weaves the probe code into methods of every primitive type and lists the JDK methods it calls; checks
     * on the way that it calls the bridge exactly as {@code ProbeAdvice}, where {@link PreGuardCalls}
     * starts, does.
     */
    private static Set<String> jdkCallsOfWovenAdvice() throws IOException {
        Map<String, Integer> plan = new HashMap<>();
        for (Method method : Primitives.class.getDeclaredMethods()) {
            plan.put(method.getName() + dev.smarttracer.internal.select.TargetMethod.of(method).descriptor(), 1);
        }
        Set<String> done = new HashSet<>();
        byte[] woven = ProbeWeaver.weave(classFile(Primitives.class, "Primitives"), plan, done);
        assertThat(done).as("woven methods").isEqualTo(plan.keySet());
        Set<String> calls = calls(woven);
        assertThat(calls).as("what the woven code calls").containsExactlyInAnyOrder(
                "dev/smarttracer/bridge/v1/Bridge.route(I)Ldev/smarttracer/bridge/v1/ProbeSink;",
                "dev/smarttracer/bridge/v1/ProbeSink.enter(I[Ljava/lang/Object;)Ldev/smarttracer/bridge/v1/CallExit;",
                "dev/smarttracer/bridge/v1/CallExit.exit(Ljava/lang/Object;Ljava/lang/Throwable;)V",
                "java/lang/Integer.valueOf(I)Ljava/lang/Integer;", "java/lang/Long.valueOf(J)Ljava/lang/Long;",
                "java/lang/Short.valueOf(S)Ljava/lang/Short;", "java/lang/Byte.valueOf(B)Ljava/lang/Byte;",
                "java/lang/Character.valueOf(C)Ljava/lang/Character;",
                "java/lang/Boolean.valueOf(Z)Ljava/lang/Boolean;", "java/lang/Float.valueOf(F)Ljava/lang/Float;",
                "java/lang/Double.valueOf(D)Ljava/lang/Double;");
        Set<String> bridgeCalls = new TreeSet<>(calls);
        bridgeCalls.removeIf(call -> call.startsWith("java/"));
        assertThat(calls(classFile(ProbeWeaver.class, "ProbeAdvice"))).as("what ProbeAdvice calls")
                .containsExactlyInAnyOrderElementsOf(bridgeCalls);
        calls.removeAll(bridgeCalls);
        return calls;
    }

    /** Reads a class file next to a class, without loading the class it defines. */
    private static byte[] classFile(Class<?> neighbour, String simpleName) throws IOException {
        try (InputStream in = neighbour.getResourceAsStream(simpleName + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Every method the methods of a class file call, constructors aside, as {@code owner.name(descriptor)}. */
    private static Set<String> calls(byte[] classFile) {
        Set<String> calls = new TreeSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (name.startsWith("<")) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        calls.add(owner + "." + method + desc);
                    }
                };
            }
        }, 0);
        return calls;
    }

    /** The methods a key names: one method, or for a package, every method of one of its classes. */
    private static List<Method> methodsOf(String key) throws ClassNotFoundException {
        if (key.endsWith("/*")) {
            Class<?> sample = Class.forName(key.substring(0, key.length() - 1).replace('/', '.') + "MethodType");
            return Arrays.stream(sample.getDeclaredMethods())
                    .filter(m -> m.getName().equals("methodType")).limit(3).toList();
        }
        int dot = key.indexOf('.');
        int paren = key.indexOf('(');
        String owner = key.substring(0, dot).replace('/', '.');
        String name = key.substring(dot + 1, paren);
        String descriptor = key.substring(paren);
        if (name.startsWith("<")) {
            return List.of();
        }
        Class<?> type = Class.forName(owner, false, null);
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(name)
                        && dev.smarttracer.internal.select.TargetMethod.of(m).descriptor().equals(descriptor))
                .toList();
    }
}
