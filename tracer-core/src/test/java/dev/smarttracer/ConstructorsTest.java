package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.Built.Point;
import com.acme.Built.Tag;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Constructors traced like methods: the CALL carries the arguments, the RETURN the new object as it
 * is once built, a constructor that throws an EXCEPTION, before its {@code super(...)} as after
 * it; the code the JVM runs stays valid (the verifier checks every class these tests load).
 */
class ConstructorsTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void aConstructorReference_tracesTheConstructor_exactlyNUnderEightThreads_withTheNewObjectAsItsReturn()
            throws Exception {
        Collector collector = new Collector();
        MethodRef.Fn2<Integer, Integer, Point> make = Point::new;
        Trace trace = SmartTracer.trace(make, 1_000, collector.options().returns(true).queueCapacity(1_000_000));
        EightThreads.run(500, i -> new Point(i, 2 * i).sum());

        collector.awaitStopped();
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        List<Call> entries = collector.ofType(CallType.CALL);
        assertThat(entries).hasSize(1_000).allSatisfy(call -> {
            assertThat(call.methodName()).isEqualTo("<init>");
            assertThat(call.args()).hasSize(2);
        });
        Map<Long, Call> byId = entries.stream().collect(Collectors.toMap(Call::callId, call -> call));
        assertThat(collector.ofType(CallType.RETURN)).hasSize(1_000).allSatisfy(call -> {
            Call started = byId.get(call.callId());
            assertThat(String.valueOf(call.returnValue())).as("the new object, once built")
                    .isEqualTo("Point(" + started.args().get(0) + ", " + started.args().get(1) + ")");
        });
    }

    @Test
    void thisDelegation_givesACallPerConstructorThatRan_eachWithItsEnd() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace("com.acme.Built$Point#new", 3, collector.options().returns(true));
        assertThat(new Point(7).sum()).isEqualTo(14);
        assertThat(new Point(1, 2).sum()).isEqualTo(3);

        List<Call> calls = collector.awaitStopped();
        assertThat(calls).extracting(Call::type, call -> call.descriptor())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CallType.CALL, "(I)V"),
                        org.assertj.core.groups.Tuple.tuple(CallType.CALL, "(II)V"),
                        org.assertj.core.groups.Tuple.tuple(CallType.RETURN, "(II)V"),
                        org.assertj.core.groups.Tuple.tuple(CallType.RETURN, "(I)V"),
                        org.assertj.core.groups.Tuple.tuple(CallType.CALL, "(II)V"),
                        org.assertj.core.groups.Tuple.tuple(CallType.RETURN, "(II)V"));
        assertThat(String.valueOf(calls.get(3).returnValue())).as("the delegating constructor's object, built")
                .isEqualTo("Point(7, 7)");
    }

    @Test
    void branchesAndObjectsBeforeSuper_andThrowsBeforeAndAfterIt_areTracedAndRethrown() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace("com.acme.Built$Tag#<init>", 4, collector.options().returns(true));
        assertThat(new Tag(" a ", 1).label()).isEqualTo("A#1/1");
        assertThat(new Tag(null, 2).label()).isEqualTo("NONE/2");
        assertThatThrownBy(() -> new Tag("b", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative weight -1");
        assertThatThrownBy(() -> new Tag("c", 101)).isInstanceOf(IllegalStateException.class)
                .hasMessage("too heavy: 101");

        collector.awaitStopped();
        assertThat(collector.ofType(CallType.CALL)).extracting(call -> call.args().get(1))
                .containsExactly(1, 2, -1, 101);
        assertThat(collector.ofType(CallType.RETURN)).hasSize(2);
        assertThat(collector.ofType(CallType.EXCEPTION)).extracting(call -> call.exception().type())
                .containsExactly(IllegalArgumentException.class.getName(), IllegalStateException.class.getName());
    }

    @Test
    void aThrowFromSuperItself_reachesTheCallerUnchanged_andTheCallHasNoEnd() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace("com.acme.Built$Strict#new", 2, collector.options().returns(true));
        assertThatThrownBy(() -> new com.acme.Built.Strict("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an empty label");
        assertThat(new com.acme.Built.Strict("ok").label()).isEqualTo("ok");

        collector.awaitStopped();
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        // No handler may span the JVM's super(...) call: what it throws is the caller's alone.
        assertThat(collector.ofType(CallType.CALL)).extracting(call -> call.args().get(0)).containsExactly("", "ok");
        assertThat(collector.ofType(CallType.EXCEPTION)).isEmpty();
        assertThat(collector.ofType(CallType.RETURN)).extracting(call -> String.valueOf(call.returnValue()))
                .singleElement().asString().contains("Strict");
    }

    @Test
    void aClassWildcardsConstructors_andTheirRefusals() {
        assertThatThrownBy(() -> SmartTracer.trace("java.util.ArrayList#new", 1,
                TraceOptions.defaults().allowJdkClasses(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the constructors of JDK classes run wherever objects are made");
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Built$Point#new(String)", 1))
                .hasMessageContaining("has no constructor new(String); its constructors are: ");
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Built#new", 1))
                .hasMessageContaining("com.acme.Built#new is private; pass");
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
    }
}
