package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.acme.Foo;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrivateAndExceptionTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void localScope_tracesPrivateInstanceMethod() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace(Foo.class, "getName", 1, collector.options().scope(Scope.LOCAL).returns(true));
        new Foo("FizzBuzz").name();
        assertThat(collector.awaitStopped()).extracting(Call::type, Call::returnValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CallType.CALL, null),
                        org.assertj.core.groups.Tuple.tuple(CallType.RETURN, "FizzBuzz"));
    }

    @Test
    void localScope_tracesPrivateStaticMethod_byPattern() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace("com.acme.Foo#secret", 1, collector.options().scope(Scope.LOCAL));
        Foo.callSecret(7);
        assertThat(collector.awaitStopped()).extracting(Call::args).containsExactly(List.of(7));
    }

    @Test
    void privateMethodWithoutLocalScope_isRefusedWithTheFix() {
        assertThatThrownBy(() -> SmartTracer.trace(Foo.class, "getName", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("com.acme.Foo#getName is private; pass TraceOptions.defaults().scope(Scope.LOCAL)"
                        + " to trace private methods");
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.Foo#secret", 1))
                .hasMessageContaining("Scope.LOCAL");
        assertThatThrownBy(() -> SmartTracer.trace(Foo.class.getDeclaredMethod("secret", int.class), 1))
                .hasMessageContaining("Scope.LOCAL");
    }

    @Test
    void throwingMethod_callerGetsTheSameExceptionObject_andTheEventDescribesIt() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace(Foo::fail, 1, collector.options().returns(true));
        Throwable thrown = catchThrowable(() -> Foo.fail("boom"));
        assertThat(thrown).isExactlyInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(thrown.getStackTrace()[0].getMethodName()).isEqualTo("fail");

        List<Call> calls = collector.awaitStopped();
        assertThat(calls).hasSize(2);
        Call exception = calls.get(1);
        assertThat(exception.type()).isEqualTo(CallType.EXCEPTION);
        assertThat(exception.callId()).isEqualTo(1);
        assertThat(exception.exception().type()).isEqualTo("java.lang.IllegalStateException");
        assertThat(exception.exception().message()).isEqualTo("boom");
        assertThat(exception.durationNanos()).isNotNegative();
        assertThat(exception.returnValue()).isNull();
    }

    @Test
    void throwingMethod_sameThrowableIdentity() throws Exception {
        IllegalStateException original = new IllegalStateException("identity");
        Collector collector = new Collector();
        SmartTracer.trace(Foo::rethrow, 1, collector.options().returns(true));
        Throwable thrown = catchThrowable(() -> Foo.rethrow(original));
        assertThat(thrown).isSameAs(original);
        assertThat(collector.awaitStopped()).extracting(Call::type).containsExactly(CallType.CALL, CallType.EXCEPTION);
    }

    @Test
    void durationIsMeasuredFromEntryToExit_withTheTicker() throws Exception {
        ManualTicker ticker = new ManualTicker();
        Collector collector = new Collector();
        SmartTracer.trace(Foo::fail, 1, collector.options().returns(true).ticker(() -> {
            long now = ticker.read();
            ticker.advance(1_234);
            return now;
        }));
        catchThrowable(() -> Foo.fail("x"));
        Call exception = collector.awaitStopped().get(1);
        assertThat(exception.durationNanos()).isEqualTo(1_234);
    }
}
