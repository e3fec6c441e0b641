package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.bridge.v1.Bridge;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.internal.engine.TraceEngine.LaterClassesState;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A trace takes the classes that load while it runs, as they load: a wildcard's, an interface's
 * implementations, an annotation's, by the application's loader and by fresh loaders; counted in
 * the same exact limit, and restored when the trace ends, even for a class that loads as it ends.
 * The fixtures ({@code com.acme.later}) are loaded only by name, after each trace started.
 */
class LaterClassesTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void aWildcardNoLoadedClassMatches_waits_thenTracesTheClassTheApplicationsLoaderLoads_exactlyN() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace("com.acme.later.AppLoaded*#applyAsInt", 1_000,
                collector.options().returns(true).queueCapacity(1_000_000));
        LaterClassesState waiting = TraceEngine.instance().laterClasses(trace).orElseThrow();
        assertThat(waiting.waiting()).as("nothing loaded matches yet").isTrue();
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
        assertThat(TraceEngine.instance().transformerRegistered()).as("a class-load hook while it waits").isTrue();

        IntUnaryOperator worker = (IntUnaryOperator) Class.forName("com.acme.later.AppLoadedWorker")
                .getDeclaredConstructor().newInstance();
        assertThat(TraceEngine.instance().instrumentedClasses()).as("woven as it loaded").isEqualTo(1);
        EightThreads.run(2_000, i -> worker.applyAsInt(i));

        List<Call> calls = collector.awaitStopped();
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(collector.ofType(CallType.CALL)).hasSize(1_000)
                .allSatisfy(call -> assertThat(call.className()).isEqualTo("com.acme.later.AppLoadedWorker"));
        java.util.Map<Long, Object> argumentById = collector.ofType(CallType.CALL).stream()
                .collect(java.util.stream.Collectors.toMap(Call::callId, call -> call.args().get(0)));
        assertThat(collector.ofType(CallType.RETURN)).as("each return paired with its call").hasSize(1_000)
                .allSatisfy(call -> assertThat(call.returnValue()).isEqualTo((Integer) argumentById.get(call.callId()) + 1));
        assertThat(calls.stream().map(Call::callId).distinct().count()).isEqualTo(1_000);
        assertThat(TraceEngine.instance().laterClasses(trace).orElseThrow().classes()).isEqualTo(1);
        assertThat(trace.awaitDetached(Duration.ofSeconds(5))).isTrue();
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
        assertThat(TraceEngine.instance().transformerRegistered()).as("no hook once no trace needs one").isFalse();
        assertThat(worker.applyAsInt(41)).isEqualTo(42);
    }

    @Test
    void classesFreshLoadersDefineWhileTracing_areTracedInOneLimit_andThoseDefinedAfterAreNot() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace("com.acme.later.Fresh*#applyAsInt", 3_000,
                collector.options().returns(true).queueCapacity(1_000_000));
        List<IntUnaryOperator> workers = new ArrayList<>();
        List<ClassLoader> loaders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FreshLoader loader = new FreshLoader();
            loaders.add(loader);
            workers.add(loader.freshWorker());
        }
        assertThat(TraceEngine.instance().instrumentedClasses()).as("one class per loader").isEqualTo(3);
        assertThat(TraceEngine.instance().laterClasses(trace).orElseThrow().classes()).isEqualTo(3);
        EightThreads.run(2_000, i -> workers.get(i % workers.size()).applyAsInt(i));

        collector.awaitStopped();
        List<Call> entries = collector.ofType(CallType.CALL);
        assertThat(entries).hasSize(3_000);
        assertThat(collector.ofType(CallType.RETURN)).hasSize(3_000);
        assertThat(trace.awaitDetached(Duration.ofSeconds(5))).isTrue();
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();

        IntUnaryOperator after = new FreshLoader().freshWorker();
        assertThat(after.applyAsInt(4)).isEqualTo(8);
        assertThat(TraceEngine.instance().instrumentedClasses()).as("a class defined after the trace ended").isZero();
        assertThat(loaders).hasSize(3);
    }

    @Test
    void anInterfaceNoLoadedClassImplements_waits_thenTracesTheImplementationThatLoads() throws Exception {
        assertThat(com.acme.later.Handler.class.isInterface()).isTrue();
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace("com.acme.later.Handler#handle", 3, collector.options().returns(true));
        assertThat(TraceEngine.instance().laterClasses(trace).orElseThrow().waiting()).isTrue();

        com.acme.later.Handler handler = (com.acme.later.Handler) Class.forName("com.acme.later.LateHandler")
                .getDeclaredConstructor().newInstance();
        for (int i = 0; i < 5; i++) {
            handler.handle("r" + i);
        }
        collector.awaitStopped();
        assertThat(collector.ofType(CallType.CALL)).extracting(Call::className, call -> call.args().get(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("com.acme.later.LateHandler", "r0"),
                        org.assertj.core.groups.Tuple.tuple("com.acme.later.LateHandler", "r1"),
                        org.assertj.core.groups.Tuple.tuple("com.acme.later.LateHandler", "r2"));
        assertThat(collector.ofType(CallType.RETURN)).extracting(Call::returnValue)
                .containsExactly("handled:r0", "handled:r1", "handled:r2");
    }

    @SuppressWarnings("unchecked")
    @Test
    void anAnnotationNoLoadedClassCarries_waits_thenTracesTheMarkedMethodOfAClassThatLoads() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace("@com.acme.later.Watched", 2, collector.options());
        assertThat(TraceEngine.instance().laterClasses(trace).orElseThrow().waiting()).isTrue();

        Class<?> type = Class.forName("com.acme.later.WatchedService");
        UnaryOperator<String> service = (UnaryOperator<String>) type.getDeclaredConstructor().newInstance();
        type.getMethod("notWatched", String.class).invoke(service, "not this one");
        service.apply("a");
        service.apply("b");
        assertThat(collector.awaitStopped()).extracting(Call::methodName, call -> call.args().get(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("apply", "a"),
                        org.assertj.core.groups.Tuple.tuple("apply", "b"));
    }

    @Test
    void classesThatLoadWhileTracesEnd_areNeverLeftInstrumented() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 30; round++) {
                Collector collector = new Collector();
                Trace trace = SmartTracer.trace("com.acme.later.Fresh*#applyAsInt", 5, collector.options());
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> loaders = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    loaders.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < 5; i++) {
                            new FreshLoader().freshWorker().applyAsInt(i);
                        }
                        return null;
                    }));
                }
                go.countDown();
                if (round % 2 == 0) {
                    trace.close();
                }
                for (Future<?> loader : loaders) {
                    loader.get(30, TimeUnit.SECONDS);
                }
                trace.close();
                assertThat(trace.awaitDetached(Duration.ofSeconds(5))).as("round " + round).isTrue();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        // A class woven as it loaded and defined after its trace detached is restored by the retry.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((TraceEngine.instance().instrumentedClasses() > 0 || Bridge.allocated() > 0)
                && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertThat(TraceEngine.instance().instrumentedClasses()).as("classes still instrumented").isZero();
        assertThat(Bridge.allocated()).as("probe ids still taken").isZero();
    }

    @Test
    void classesThatMayNotBeTraced_areLeftOutAsTheyLoad_withTheReason_andLoadAsTheyWere() throws Exception {
        Trace library = SmartTracer.trace("org.slf4j.later.*#*", 1);
        Trace jdk = SmartTracer.trace("com.sun.later.*#*", 1);
        assertThat(defineGreeter("org.slf4j.later.Greeter").getMethod("greet").invoke(null)).isEqualTo("hi");
        assertThat(defineGreeter("com.sun.later.Greeter").getMethod("greet").invoke(null)).isEqualTo("hi");

        LaterClassesState left = TraceEngine.instance().laterClasses(library).orElseThrow();
        assertThat(left.refused()).isEqualTo(1);
        assertThat(left.refusals()).singleElement().asString().isEqualTo("loaded while tracing: org.slf4j.later.Greeter"
                + " belongs to SmartTracer or a library it runs on (org.slf4j.*), so tracing it would trace the tracer;"
                + " trace your own classes");
        assertThat(TraceEngine.instance().laterClasses(jdk).orElseThrow().refusals()).singleElement().asString()
                .startsWith("loaded while tracing: com.sun.later.Greeter is a JDK class;");
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
    }

    /** Defines, in a loader of its own, a class of that name with {@code static String greet()}. */
    private static Class<?> defineGreeter(String name) {
        return new net.bytebuddy.ByteBuddy().subclass(Object.class).name(name)
                .defineMethod("greet", String.class, java.lang.reflect.Modifier.PUBLIC | java.lang.reflect.Modifier.STATIC)
                .intercept(net.bytebuddy.implementation.FixedValue.value("hi"))
                .make()
                .load(new ClassLoader(LaterClassesTest.class.getClassLoader()) { },
                        net.bytebuddy.dynamic.loading.ClassLoadingStrategy.Default.INJECTION)
                .getLoaded();
    }

    /** Defines its own {@code com.acme.later.FreshWorker} from the test's class file. */
    private static final class FreshLoader extends ClassLoader {
        private static final String NAME = "com.acme.later.FreshWorker";

        FreshLoader() {
            super(LaterClassesTest.class.getClassLoader());
        }

        IntUnaryOperator freshWorker() throws ReflectiveOperationException {
            return (IntUnaryOperator) loadClass(NAME).getDeclaredConstructor().newInstance();
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(NAME)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException unreadable) {
                    throw new ClassNotFoundException(name, unreadable);
                }
            }
        }
    }
}
