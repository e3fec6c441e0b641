package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.Foo;
import com.acme.Shapes;
import com.acme.Values;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.StopReason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefusalTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void limitBelowOne_isRefused() {
        assertThatThrownBy(() -> SmartTracer.trace(Foo::bar, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be at least 1; got 0");
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Foo#bar", -5))
                .hasMessageContaining("got -5");
    }

    @Test
    void abstractMethod_declaredOnly_isRefusedWithTheFix() {
        assertThatThrownBy(() -> SmartTracer.trace(Shapes.Shape.class, "area", 1,
                TraceOptions.defaults().declaredOnly(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.acme.Shapes$Shape#area: it is abstract and has no body")
                .hasMessageContaining("trace the method of a class that implements it, or leave out declaredOnly");
    }

    @Test
    void nativeMethod_isRefused() {
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Shapes$Native#ticks", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it is native and has no bytecode");
    }

    @Test
    void inheritedMethod_pointsToTheDeclaringClass() {
        assertThatThrownBy(() -> SmartTracer.trace(Shapes.Square.class, "describe", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inherits it from com.acme.Shapes$Shape")
                .hasMessageContaining("trace com.acme.Shapes$Shape#describe");
    }

    @Test
    void lambdaClass_isRefused_pointingToTheLambdaBody() throws Exception {
        Supplier<String> lambda = Values.supplier();
        assertThatThrownBy(() -> SmartTracer.trace(lambda.getClass().getMethod("get"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hidden class")
                .hasMessageContaining("lambda$");
    }

    @Test
    void tracerAndItsLibraries_areRefused() {
        assertThatThrownBy(() -> SmartTracer.trace(SmartTracer.class, "stop", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to SmartTracer or a library it runs on (dev.smarttracer.*)");
        assertThatThrownBy(() -> SmartTracer.trace("net.bytebuddy.ByteBuddy#subclass", 1))
                .hasMessageContaining("(net.bytebuddy.*)");
        assertThatThrownBy(() -> SmartTracer.trace("org.slf4j.LoggerFactory#getLogger", 1))
                .hasMessageContaining("(org.slf4j.*)");
        assertThatThrownBy(() -> SmartTracer.trace("org.slf4j.simple.SimpleLogger#info", 1))
                .hasMessageContaining("(org.slf4j.*)");
    }

    @Test
    void jdkClass_isRefusedUnlessAllowed() {
        assertThatThrownBy(() -> SmartTracer.trace("java.util.ArrayDeque#addFirst", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util.ArrayDeque is a JDK class; pass TraceOptions.defaults()"
                        + ".allowJdkClasses(true) to trace it");
    }

    @Test
    void jdkClass_whenAllowed_isTracedAndRestored() throws Exception {
        Collector collector = new Collector();
        Thread caller = Thread.currentThread();
        // Other JVM threads use ArrayDeque too: keep the events of this thread only.
        Trace trace = SmartTracer.trace("java.util.ArrayDeque#addFirst", 100_000, collector.options()
                .allowJdkClasses(true).handler(call -> {
                    if (call.threadId() == caller.getId()) {
                        collector.handle(call);
                    }
                }));
        ArrayDeque<String> deque = new ArrayDeque<>();
        for (int i = 0; i < 5; i++) {
            deque.addFirst("item" + i);
        }
        trace.close();
        assertThat(trace.awaitCompleted(Duration.ofSeconds(10))).isTrue();
        assertThat(trace.stopReason()).isEqualTo(StopReason.STOPPED);
        assertThat(collector.calls).extracting(Call::className).allMatch("java.util.ArrayDeque"::equals);
        assertThat(collector.calls).extracting(c -> c.args().get(0))
                .containsExactly("item0", "item1", "item2", "item3", "item4");
        assertThat(dev.smarttracer.internal.engine.TraceEngine.instance().instrumentedClasses()).isZero();
        assertThat(deque).containsExactly("item4", "item3", "item2", "item1", "item0");
    }

    @Test
    void jdkClassesTheTracerRunsOnTheTracedThread_areRefusedEvenWhenAllowed() {
        TraceOptions allowed = TraceOptions.defaults().allowJdkClasses(true);
        for (String pattern : new String[] {"java.util.concurrent.atomic.AtomicReferenceArray#get",
                "java.lang.invoke.VarHandle#toString", "java.lang.invoke.MethodType#methodType"}) {
            assertThatThrownBy(() -> SmartTracer.trace(pattern, 1, allowed)).as(pattern)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is run by SmartTracer itself on the traced thread")
                    .hasMessageContaining("even with allowJdkClasses(true)");
        }
        assertThatThrownBy(() -> SmartTracer.trace("java.lang.System#identityHashCode", 1, allowed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("native");
    }

    @Test
    void nullArguments_areRefusedWithTheirName() {
        assertThatThrownBy(() -> SmartTracer.trace((String) null, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("pattern");
        assertThatThrownBy(() -> SmartTracer.trace(Foo.class, "bar", 1, null)).hasMessage("options");
    }

    @Test
    void badOptions_areRefusedAtOnce() {
        assertThatThrownBy(() -> TraceOptions.defaults().rate(0, Duration.ofSeconds(1)))
                .hasMessageContaining("rate max must be within 1..1,000,000 calls; got 0");
        assertThatThrownBy(() -> TraceOptions.defaults().rate(5, Duration.ZERO))
                .hasMessageContaining("rate window must be at least 1ms");
        assertThatThrownBy(() -> TraceOptions.defaults().timeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> TraceOptions.defaults().queueCapacity(1))
                .hasMessageContaining("queue capacity must be within 2..10,000,000 events; got 1");
        assertThatThrownBy(() -> TraceOptions.defaults().thread(""))
                .hasMessageContaining("the thread pattern is empty; give a thread name or a glob");
        assertThatThrownBy(() -> TraceOptions.defaults().slowerThan(Duration.ZERO))
                .hasMessageContaining("the slow-call threshold must be positive; got PT0S");
        assertThatThrownBy(() -> TraceOptions.defaults().distinct(args -> args.get(0), 0))
                .hasMessageContaining("calls per key must be within 1..1,000,000; got 0");
        assertThatThrownBy(() -> TraceOptions.defaults().sample(0))
                .hasMessageContaining("sample must be within 1..1,000,000,000 (1 counts every call); got 0");
    }

    @Test
    void codeInCaffeinesPackages_isTraced_theTracerDoesNotRunOnCaffeine() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace("com.github.benmanes.caffeine.userland.Weigher#weigh", 1, collector.options());
        com.github.benmanes.caffeine.userland.Weigher.weigh("key");
        assertThat(collector.awaitStopped()).singleElement().extracting(c -> c.args().get(0)).isEqualTo("key");
    }
}
