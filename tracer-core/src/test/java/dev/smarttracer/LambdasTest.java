package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.Version;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A lambda or method-reference object the caller holds is traced as if the method it runs had been
 * named: a lambda's body, a referenced method, a referenced constructor; an object that is no
 * lambda, or whose method the JVM cannot tell, is refused saying how to name the method instead.
 */
class LambdasTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void aLambdaObject_tracesItsBody_exactlyNUnderEightThreads_returnsPaired() throws Exception {
        Function<String, String> shout = com.acme.Handlers.shout("!");
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(shout, 1_000, collector.options().returns(true).queueCapacity(1_000_000));
        EightThreads.run(500, i -> shout.apply(" " + i + " "));

        collector.awaitStopped();
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        List<Call> entries = collector.ofType(CallType.CALL);
        assertThat(entries).hasSize(1_000).allSatisfy(call -> {
            assertThat(call.className()).isEqualTo(com.acme.Handlers.class.getName());
            assertThat(call.methodName()).startsWith("lambda$");
        });
        Map<Long, Call> byId = entries.stream().collect(Collectors.toMap(Call::callId, call -> call));
        assertThat(collector.ofType(CallType.RETURN)).hasSize(1_000).allSatisfy(call -> {
            List<Object> args = byId.get(call.callId()).args();
            // The captured suffix comes first, then the lambda's own argument.
            assertThat(call.returnValue()).isEqualTo(((String) args.get(args.size() - 1)).strip() + "!");
        });
    }

    @Test
    void aMethodReferenceObject_tracesTheReferencedMethod_andAConstructorReferenceItsConstructor() throws Exception {
        IntUnaryOperator twice = Version::twice;
        Collector collector = new Collector();
        SmartTracer.trace(twice, 2, collector.options().returns(true));
        twice.applyAsInt(3);
        Version.twice(4);
        assertThat(collector.awaitStopped()).extracting(Call::type, Call::methodName, call -> call.args().isEmpty()
                ? call.returnValue() : call.args().get(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CallType.CALL, "twice", 3),
                        org.assertj.core.groups.Tuple.tuple(CallType.RETURN, "twice", 6),
                        org.assertj.core.groups.Tuple.tuple(CallType.CALL, "twice", 4),
                        org.assertj.core.groups.Tuple.tuple(CallType.RETURN, "twice", 8));

        Supplier<com.acme.Built.Point> origin = () -> new com.acme.Built.Point(0, 0);
        Function<Integer, com.acme.Built.Point> square = com.acme.Built.Point::new;
        Collector made = new Collector();
        SmartTracer.trace(square, 1, made.options());
        origin.get();
        square.apply(5);
        assertThat(made.awaitStopped()).extracting(Call::methodName, call -> call.args().get(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("<init>", 5));
    }

    @Test
    void aSerializableLambda_andALambdaAsAMethodRef_areTracedToo() throws Throwable {
        Runnable marked = com.acme.Handlers.marked();
        assertThat(marked).isInstanceOf(Serializable.class);
        Collector collector = new Collector();
        SmartTracer.trace(marked, 1, collector.options());
        marked.run();
        assertThat(collector.awaitStopped()).extracting(Call::methodName).singleElement().asString()
                .startsWith("lambda$");

        Collector typed = new Collector();
        MethodRef.Fn1<String, String> ask = com.acme.Handlers.ask();
        SmartTracer.trace(ask, 1, typed.options());
        assertThat(ask.invoke("why")).isEqualTo("why?");
        assertThat(typed.awaitStopped()).singleElement().satisfies(call -> {
            assertThat(call.methodName()).startsWith("lambda$");
            assertThat(call.args()).containsExactly("why");
        });
    }

    @Test
    void anObjectThatIsNoLambda_isRefusedSayingHowToNameItsMethod() {
        Function<String, String> named = new Function<>() {
            @Override
            public String apply(String text) {
                return text;
            }
        };
        assertThatThrownBy(() -> SmartTracer.trace(named, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a lambda or a method reference but a class of its own; trace its method"
                        + " by name: SmartTracer.trace(dev.smarttracer.LambdasTest$1.class, \"<method>\", n)");
        Function<String, String> jdk = String::strip;
        assertThatThrownBy(() -> SmartTracer.trace(jdk, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String is a JDK class");
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
    }
}
