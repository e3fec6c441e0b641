package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.internal.log.LoggingHandler;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.testsupport.ChildJvm;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutputTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void defaultHandler_printsSmartTracersWords() throws Exception {
        CapturingLogger log = new CapturingLogger(3);
        SmartTracer.trace(Foo::bar, 1, TraceOptions.defaults().returns(true).handler(new LoggingHandler(log)));
        Foo.bar("FizzBuzz");
        assertThat(log.await()).containsExactly(
                "INFO com.acme.Foo.bar/1 is being called with: [\"FizzBuzz\"]",
                "INFO com.acme.Foo.bar/1 returns: \"Hello, my name is FizzBuzz\"",
                "INFO Limit reached.");

        CapturingLogger failures = new CapturingLogger(3);
        SmartTracer.trace(Foo::fail, 1, TraceOptions.defaults().returns(true).handler(new LoggingHandler(failures)));
        try {
            Foo.fail("boom");
        } catch (IllegalStateException expected) {
            // the traced method's own exception
        }
        assertThat(failures.await()).containsExactly(
                "INFO com.acme.Foo.fail/1 is being called with: [\"boom\"]",
                "INFO com.acme.Foo.fail/1 raised: java.lang.IllegalStateException: boom",
                "INFO Limit reached.");
    }

    @Test
    void defaultHandler_voidReturnAndSeveralArguments() throws Exception {
        CapturingLogger log = new CapturingLogger(3);
        SmartTracer.trace(Foo::sink5, 1, TraceOptions.defaults().returns(true).handler(new LoggingHandler(log)));
        Foo.sink5("a\"b", 'c', null, 1.5, 7L);
        assertThat(log.await()).containsExactly(
                "INFO com.acme.Foo.sink5/5 is being called with: [\"a\\\"b\", 'c', null, 1.5, 7]",
                "INFO com.acme.Foo.sink5/5 returns: void",
                "INFO Limit reached.");
    }

    @Test
    void customTracer_receivesCallReturnAndException() throws Exception {
        RecordingTracer tracer = new RecordingTracer();
        tracer.trace(Foo::fail, 1, TraceOptions.defaults().returns(true));
        tracer.trace(Foo::bar, 1, TraceOptions.defaults().returns(true));
        Foo.bar("x");
        try {
            Foo.fail("y");
        } catch (IllegalStateException expected) {
            // the traced method's own exception
        }
        assertThat(tracer.stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(tracer.types).containsExactlyInAnyOrder(CallType.CALL, CallType.RETURN, CallType.CALL,
                CallType.EXCEPTION);
    }

    static final class RecordingTracer extends CustomTracer {
        final List<CallType> types = new CopyOnWriteArrayList<>();
        final CountDownLatch stopped = new CountDownLatch(2);

        @Override
        public void handle(Call call) {
            types.add(call.type());
        }

        @Override
        public void stopped(Trace trace) {
            stopped.countDown();
        }
    }

    @Test
    void defaultHandler_withoutAnSlf4jProvider_writesItsLinesToStandardError() throws Exception {
        String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.contains("slf4j-simple"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        try (ChildJvm child = ChildJvm.onClassPath(classPath, "com.acme.DefaultHandlerChild", "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+EnableDynamicAgentLoading", "-Djdk.attach.allowAttachSelf=true")) {
            child.expect("DONE");
            assertThat(child.output()).contains(
                    "[trace 1] com.acme.Foo.bar/1 is being called with: [\"Buzz\"]",
                    "[trace 1] com.acme.Foo.bar/1 returns: \"Hello, my name is Buzz\"",
                    "[trace 1] Limit reached.");
        }
    }
}
