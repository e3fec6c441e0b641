package com.acme.foreign;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Another Java agent, loaded with {@code -javaagent} before SmartTracer, that advises the {@code price}
 * methods of {@link Advised} (with a transformer that retransforms, as OpenTelemetry's agent does) and of
 * {@link AdvisedAtLoad} (only as the class loads): its advice counts entries and exits and adds 1,000 to
 * every price returned. Transformation errors are printed as {@code OTHER AGENT ERROR ...}.
 */
public final class OtherAgent {

    static final AtomicInteger ENTERED = new AtomicInteger();
    static final AtomicInteger EXITED = new AtomicInteger();

    private OtherAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        // By name: a class literal would load the class here, before its transformer is installed.
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new Errors())
                .type(ElementMatchers.named("com.acme.foreign.Advised"))
                .transform((builder, type, loader, module, domain) ->
                        builder.visit(Advice.to(Surcharge.class).on(ElementMatchers.named("price"))))
                .installOn(instrumentation);
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(new Errors())
                .type(ElementMatchers.named("com.acme.foreign.AdvisedAtLoad"))
                .transform((builder, type, loader, module, domain) ->
                        builder.visit(Advice.to(Surcharge.class).on(ElementMatchers.named("price"))))
                .installOn(instrumentation);
    }

    /** The other agent's advice. */
    static final class Surcharge {
        private Surcharge() {
        }

        @Advice.OnMethodEnter
        static void enter() {
            ENTERED.incrementAndGet();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Return(readOnly = false) int price, @Advice.Thrown Throwable thrown) {
            EXITED.incrementAndGet();
            if (thrown == null) {
                price += 1_000;
            }
        }
    }

    private static final class Errors extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                Throwable failure) {
            System.out.println("OTHER AGENT ERROR " + typeName + " " + failure);
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                DynamicType dynamicType) {
            System.out.println("OTHER AGENT ADVISED " + type.getName());
        }
    }
}
