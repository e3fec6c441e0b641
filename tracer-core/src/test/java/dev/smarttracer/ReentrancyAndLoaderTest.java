package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import com.acme.Values;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReentrancyAndLoaderTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void handlerCallingTheTracedMethod_causesNoRecursionAndNoExtraEvents() throws Exception {
        List<Call> seen = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Trace trace = SmartTracer.trace(Foo::bar, 3, TraceOptions.defaults().returns(true).handler(new TraceHandler() {
            @Override
            public void handle(Call call) {
                seen.add(call);
                Foo.bar("from the handler");
            }

            @Override
            public void stopped(Trace t) {
                stopped.countDown();
            }
        }));
        Foo.bar("1");
        Foo.bar("2");
        assertThat(trace.state()).isEqualTo(TraceState.ACTIVE);
        Foo.bar("3");
        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(6);
        assertThat(seen).filteredOn(c -> c.type() == CallType.CALL).extracting(c -> c.args().get(0))
                .containsExactly("1", "2", "3");
    }

    @Test
    void handlerWaitingForItsOwnTrace_seesTheDetach_butGetsAClearErrorInsteadOfADeadlockForCompletion()
            throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Boolean> detachedSeenByHandler = new CopyOnWriteArrayList<>();
        CountDownLatch handled = new CountDownLatch(1);
        Trace[] self = new Trace[1];
        self[0] = SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().handler(call -> {
            self[0].close();
            try {
                // The detach runs on another thread and never waits for a handler.
                detachedSeenByHandler.add(self[0].awaitDetached(java.time.Duration.ofSeconds(10)));
                self[0].awaitCompleted(java.time.Duration.ofSeconds(1));
            } catch (Throwable expected) {
                failures.add(expected);
            }
            handled.countDown();
        }));
        Foo.bar("x");
        assertThat(handled.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(detachedSeenByHandler).containsExactly(true);
        assertThat(failures).singleElement().isInstanceOf(IllegalStateException.class)
                .extracting(Throwable::getMessage).asString().contains("cannot be called from this trace's own handler");
        assertThat(self[0].awaitCompleted(java.time.Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void toStringCalledBySnapshotting_callingTheTracedMethod_isNotTraced() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace(Values::take, 2, collector.options());
        Object sneaky = new Object() {
            @Override
            public String toString() {
                return "take returned " + Values.take("inner");
            }
        };
        Values.take(sneaky);
        Values.take("second");
        assertThat(collector.awaitStopped()).extracting(c -> String.valueOf(c.args().get(0)))
                .containsExactly("take returned 1", "second");
    }

    @Test
    void classFromAChildLoaderThatCannotSeeTheTracer_isTraced(@TempDir Path dir) throws Exception {
        Path classFile = dir.resolve("com/acme/Foo.class");
        Files.createDirectories(classFile.getParent());
        try (InputStream bytes = Foo.class.getResourceAsStream("Foo.class")) {
            Files.copy(bytes, classFile);
        }
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> foreign = isolated.loadClass("com.acme.Foo");
            assertThat(foreign).isNotSameAs(Foo.class);
            assertThat(isolatedCannotSee(isolated)).isTrue();
            Method bar = foreign.getMethod("bar", String.class);

            Collector collector = new Collector();
            SmartTracer.trace(bar, 2, collector.options().returns(true));
            assertThat(bar.invoke(null, "isolated")).isEqualTo("Hello, my name is isolated");
            Foo.bar("the application's own Foo is not traced");
            bar.invoke(null, "again");
            assertThat(collector.awaitStopped()).extracting(Call::type, c -> c.type() == CallType.CALL
                            ? c.args().get(0) : c.returnValue())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(CallType.CALL, "isolated"),
                            org.assertj.core.groups.Tuple.tuple(CallType.RETURN, "Hello, my name is isolated"),
                            org.assertj.core.groups.Tuple.tuple(CallType.CALL, "again"),
                            org.assertj.core.groups.Tuple.tuple(CallType.RETURN, "Hello, my name is again"));
        }
    }

    private static boolean isolatedCannotSee(ClassLoader loader) {
        try {
            loader.loadClass(SmartTracer.class.getName());
            return false;
        } catch (ClassNotFoundException expected) {
            return true;
        }
    }
}
