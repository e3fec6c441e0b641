package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.Foo;
import com.acme.OrderService;
import com.acme.UserService;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MethodSelectionTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    private static List<String> traced(Collector collector, Runnable calls) throws InterruptedException {
        calls.run();
        return collector.awaitStopped().stream()
                .filter(c -> c.type() == CallType.CALL)
                .map(c -> c.methodName() + c.args())
                .toList();
    }

    @Test
    void reference_staticNonVoidOneParameter_tracesThatMethod() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace(Foo::bar, 1, collector.options());
        assertThat(traced(collector, () -> Foo.bar("Buzz"))).containsExactly("bar[Buzz]");
        Call call = collector.calls.get(0);
        assertThat(call.descriptor()).isEqualTo("(Ljava/lang/String;)Ljava/lang/String;");
        assertThat(call.arity()).isEqualTo(1);
    }

    @Test
    void reference_staticNoParameters_voidAndNonVoid() throws Exception {
        Collector ints = new Collector();
        Collector voids = new Collector();
        SmartTracer.trace(Foo::zero, 1, ints.options());
        SmartTracer.trace(Foo::touch, 1, voids.options());
        Foo.zero();
        Foo.touch();
        assertThat(ints.awaitStopped()).extracting(Call::methodName).containsExactly("zero");
        assertThat(voids.awaitStopped()).extracting(Call::methodName).containsExactly("touch");
    }

    @Test
    void reference_instanceMethods_voidAndNonVoid_receiverNotAnArgument() throws Exception {
        Collector greet = new Collector();
        Collector run = new Collector();
        SmartTracer.trace(Foo::greet, 1, greet.options());
        SmartTracer.trace(Foo::run, 1, run.options());
        new Foo("Fizz").greet("Buzz");
        new Foo("Fizz").run();
        assertThat(greet.awaitStopped()).extracting(Call::args).containsExactly(List.of("Buzz"));
        assertThat(run.awaitStopped()).extracting(Call::args).containsExactly(List.of());
    }

    @Test
    void reference_fiveDeclaredParameters_staticInstanceAndVoid() throws Exception {
        Collector sum = new Collector();
        Collector add = new Collector();
        Collector sink = new Collector();
        SmartTracer.trace(Foo::sum5, 1, sum.options());
        SmartTracer.trace(Foo::add5, 1, add.options());
        SmartTracer.trace(Foo::sink5, 1, sink.options());
        Foo.sum5(1, 2L, (short) 3, (byte) 4, 'e');
        new Foo("x").add5(1, 2, 3, 4, 5);
        Foo.sink5("a", 2, null, 4.0, List.of());
        assertThat(sum.awaitStopped().get(0).args()).containsExactly(1, 2L, (short) 3, (byte) 4, 'e');
        assertThat(add.awaitStopped().get(0).args()).containsExactly(1, 2, 3, 4, 5);
        assertThat(sink.awaitStopped().get(0).args()).hasSize(5).containsSubsequence("a", 2, null, 4.0);
    }

    @Test
    void reference_overloaded_resolvesTheExactOverload() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace((MethodRef.Fn1<Integer, String>) Foo::over, 1, collector.options());
        Foo.over("not this one");
        Foo.over(42);
        assertThat(collector.awaitStopped()).extracting(Call::descriptor).containsExactly("(I)Ljava/lang/String;");
    }

    @Test
    void reflectMethod_isTraced() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace(Foo.class.getMethod("over", String.class), 1, collector.options());
        assertThat(traced(collector, () -> {
            Foo.over(1);
            Foo.over("s");
        })).containsExactly("over[s]");
    }

    @Test
    void classAndName_tracesAllOverloads_limitCountsAcrossThem() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace(Foo.class, "over", 2, collector.options());
        assertThat(traced(collector, () -> {
            Foo.over("a");
            Foo.over(1);
            Foo.over("never");
        })).containsExactly("over[a]", "over[1]");
    }

    @Test
    void pattern_withWildcardsInClassAndMethod_selectsLoadedMatches() throws Exception {
        new OrderService().getStatus();
        new UserService().getUser("warm-up");
        Collector collector = new Collector();
        SmartTracer.trace("com.acme.*Service#get*", 3, collector.options());
        assertThat(traced(collector, () -> {
            new OrderService().cancel(1);
            new OrderService().getOrder(7);
            new UserService().getUser("u1");
            new OrderService().getStatus();
        })).containsExactly("getOrder[7]", "getUser[u1]", "getStatus[]");
    }

    @Test
    void pattern_withParameterTypes_selectsThatOverload() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace("com.acme.Foo#over(java.lang.String)", 1, collector.options());
        assertThat(traced(collector, () -> {
            Foo.over(5);
            Foo.over("five");
        })).containsExactly("over[five]");
        Collector simple = new Collector();
        SmartTracer.trace("com.acme.Foo#over(int)", 1, simple.options());
        assertThat(traced(simple, () -> Foo.over(6))).containsExactly("over[6]");
    }

    @Test
    void pattern_withDoubleColon_isAccepted() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace("com.acme.Foo::bar", 1, collector.options());
        assertThat(traced(collector, () -> Foo.bar("x"))).containsExactly("bar[x]");
    }

    @Test
    void aLambdaOfTheTracersOwnClass_andOneRunningAJdkMethod_areRefused() {
        Function<String, String> lambda = s -> Foo.bar(s);
        MethodRef.Fn1<String, String> ref = lambda::apply;
        assertThatThrownBy(() -> SmartTracer.trace((MethodRef.Fn1<String, String>) s -> Foo.bar(s), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev.smarttracer.MethodSelectionTest belongs to SmartTracer");
        assertThatThrownBy(() -> SmartTracer.trace(ref, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot trace java.util.function.Function")
                .hasMessageContaining("JDK class");
    }

    @Test
    void constructorReference_selectsThatConstructor() {
        Trace trace = SmartTracer.trace((MethodRef.Fn1<String, Foo>) Foo::new, 1);
        assertThat(trace.toString()).contains("methods=[com.acme.Foo#new]");
        trace.close();
    }

    @Test
    void unknownMethod_listsNearNames() {
        assertThatThrownBy(() -> SmartTracer.trace(Foo.class, "barr", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.acme.Foo has no method named barr")
                .hasMessageContaining("Did you mean: bar");
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Foo#gret", 1))
                .hasMessageContaining("Did you mean: greet");
    }

    @Test
    void unknownClass_listsNearNames() {
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Fooo#bar", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no class com.acme.Fooo")
                .hasMessageContaining("com.acme.Foo");
    }

    @Test
    void unknownOverload_listsTheOverloads() {
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Foo#over(long)", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no method over(long)")
                .hasMessageContaining("over(java.lang.String)")
                .hasMessageContaining("over(int)");
    }

    @Test
    void malformedPattern_saysWhatIsExpected() {
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Foo.bar", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected com.acme.Foo#bar");
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Foo#bar(String", 1))
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Foo#b-ar", 1))
                .hasMessageContaining("is not a method name");
    }

    @Test
    void wildcardMatchingNoLoadedClass_waitsForClassesToLoad_andOneMatchingOnlyJdkClassesIsRefused() {
        Trace trace = SmartTracer.trace("org.nowhere.*#get*", 1);
        assertThat(dev.smarttracer.internal.engine.TraceEngine.instance().laterClasses(trace).orElseThrow().waiting())
                .isTrue();
        trace.close();
        assertThatThrownBy(() -> SmartTracer.trace("java.util.concurrent.ConcurrentHash*#get*", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a JDK class")
                .hasMessageFindingMatch("among the [0-9,]+ classes loaded now");
    }

    @Test
    void lambdaBodies_areFoundByWildcardsThatStartWithLambda() throws Exception {
        assertThat(com.acme.Version.twice(1) + com.acme.Version.thrice(1)).isEqualTo(5);
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace("com.acme.Version#lambda$*", 2, collector.options().scope(Scope.LOCAL));
        assertThat(com.acme.Version.twice(4)).isEqualTo(8);
        assertThat(com.acme.Version.thrice(4)).isEqualTo(12);
        // JDK 17's javac numbers lambda bodies per class (lambda$thrice$1), JDK 25's per method (lambda$thrice$0).
        assertThat(collector.awaitStopped()).extracting(Call::methodName)
                .satisfiesExactly(m -> assertThat(m).isEqualTo("lambda$twice$0"),
                        m -> assertThat(m).matches("lambda\\$thrice\\$[01]"));
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);

        Collector one = new Collector();
        SmartTracer.trace("com.acme.Version#lambda$twice$*", 1, one.options().scope(Scope.LOCAL));
        com.acme.Version.thrice(1);
        com.acme.Version.twice(2);
        assertThat(one.awaitStopped()).extracting(Call::methodName).containsExactly("lambda$twice$0");
    }

    @Test
    void lambdaBodies_needScopeLocal_andShowInTheNearNames() {
        com.acme.Version.twice(1);
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Version#lambda$*", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("private methods need Scope.LOCAL")
                .hasMessageContaining("lambda$twice$0");
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Version#lambda$twice", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lambda$twice$0");
    }

    @Test
    void bridgeMethod_tracesTheMethodItBridgesTo() throws Exception {
        java.lang.reflect.Method bridge = com.acme.Version.class.getMethod("compareTo", Object.class);
        assertThat(bridge.isBridge()).isTrue();
        Collector collector = new Collector();
        SmartTracer.trace(bridge, 1, collector.options());
        Comparable<com.acme.Version> one = new com.acme.Version(1);
        assertThat(one.compareTo(new com.acme.Version(2))).isEqualTo(-1);
        assertThat(collector.awaitStopped()).singleElement()
                .extracting(Call::descriptor).isEqualTo("(Lcom/acme/Version;)I");
    }
}
