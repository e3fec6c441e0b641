package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smarttracer.internal.engine.TraceEngine;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.implementation.bytecode.Removal;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.implementation.bytecode.member.MethodReturn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A bytecode change that fails must fail trace(), and leave nothing behind. */
class FailedInstallTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void methodTooLargeForAdvice_isRefusedNamingItAndWhy_andLeavesNothingInstrumented() throws Exception {
        Method big = methodNearTheSizeLimit();
        assertThat(big.invoke(null)).isEqualTo(7);
        assertThatThrownBy(() -> SmartTracer.trace(big, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot trace com.acme.generated.Big#big(): with the tracing code its bytecode"
                        + " would be ")
                .hasMessageEndingWith(" bytes, over the JVM's limit of 65,535 bytes (64 KiB) per method; trace the"
                        + " methods it calls instead; nothing is traced")
                .cause().extracting(cause -> cause.getClass().getSimpleName()).isEqualTo("MethodTooLargeException");
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
        assertThat(SmartTracer.activeTraces()).isEmpty();
        assertThat(big.invoke(null)).as("the method still works").isEqualTo(7);
    }

    @Test
    void aClassThatLoadsLater_withAMethodTooLarge_loadsAsItWas_andTheTraceReportsIt() throws Exception {
        Trace trace = SmartTracer.trace("com.acme.generated.LateBi*#big", 5);
        assertThat(TraceEngine.instance().laterClasses(trace).orElseThrow().waiting()).isTrue();

        Method big = methodNearTheSizeLimit("com.acme.generated.LateBig");
        assertThat(big.invoke(null)).as("the class loaded and works, nothing thrown into its loading").isEqualTo(7);
        TraceEngine.LaterClassesState state = TraceEngine.instance().laterClasses(trace).orElseThrow();
        assertThat(state.classes()).isZero();
        assertThat(state.refused()).isEqualTo(1);
        assertThat(state.refusals()).singleElement().asString()
                .startsWith("com.acme.generated.LateBig (loaded while tracing): cannot trace"
                        + " com.acme.generated.LateBig#big(): with the tracing code its bytecode would be ")
                .endsWith("trace the methods it calls instead");
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
        trace.close();
        assertThat(trace.awaitDetached(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(TraceEngine.instance().laterClasses(trace).orElseThrow().refused()).as("kept for the summary")
                .isEqualTo(1);
    }

    private static Method methodNearTheSizeLimit() throws NoSuchMethodException {
        return methodNearTheSizeLimit("com.acme.generated.Big");
    }

    /** A static method of 65,503 bytes of code (the limit is 65,535): no room is left for advice. */
    private static Method methodNearTheSizeLimit(String className) throws NoSuchMethodException {
        List<StackManipulation> code = new ArrayList<>();
        for (int i = 0; i < 32_750; i++) {
            code.add(IntegerConstant.forValue(0));
            code.add(Removal.SINGLE);
        }
        code.add(IntegerConstant.forValue(7));
        code.add(MethodReturn.INTEGER);
        StackManipulation body = new StackManipulation.Compound(code);
        Class<?> type = new ByteBuddy()
                .subclass(Object.class)
                .name(className)
                .defineMethod("big", int.class, Modifier.PUBLIC | Modifier.STATIC)
                .intercept(new Implementation.Simple((ByteCodeAppender) (visitor, context, method) ->
                        new ByteCodeAppender.Size(body.apply(visitor, context).getMaximalSize(),
                                method.getStackSize())))
                .make()
                .load(new ClassLoader(FailedInstallTest.class.getClassLoader()) { }, ClassLoadingStrategy.Default.INJECTION)
                .getLoaded();
        return type.getMethod("big");
    }
}
