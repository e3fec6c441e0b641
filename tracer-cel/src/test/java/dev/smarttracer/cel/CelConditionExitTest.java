package dev.smarttracer.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.cel.Fixtures.Address;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CelConditionExitTest {

    private static final Object[] NO_ARGS = new Object[0];

    private static CallInput returned(Object result, long elapsedMillis) {
        return CallInput.exit(NO_ARGS, "main", result, null, TimeUnit.MILLISECONDS.toNanos(elapsedMillis));
    }

    private static CallInput threw(Throwable exception) {
        return CallInput.exit(NO_ARGS, "main", null, exception, 1_000);
    }

    @Test
    void result_isTheReturnedValue() {
        CelCondition condition = CelCondition.compile("result > 10", Stage.EXIT);

        assertThat(condition.test(returned(11, 1))).isTrue();
        assertThat(condition.test(returned(10, 1))).isFalse();
        assertThat(condition.failures()).isZero();
    }

    @Test
    void resultObject_isAMapOfItsFields() {
        CelCondition condition = CelCondition.compile("result.city == 'Oslo'", Stage.EXIT);

        assertThat(condition.test(returned(new Address("Oslo", 150), 1))).isTrue();
    }

    @Test
    void exception_hasTypeAndMessage_andIsNullWhenTheCallReturned() {
        CelCondition threwState = CelCondition.compile(
                "exception != null && exception.type == 'java.lang.IllegalStateException' "
                        + "&& exception.message == 'boom'", Stage.EXIT);
        CelCondition returnedNormally = CelCondition.compile("exception == null", Stage.EXIT);

        assertThat(threwState.test(threw(new IllegalStateException("boom")))).isTrue();
        assertThat(threwState.test(threw(new IllegalArgumentException("boom")))).isFalse();
        assertThat(threwState.test(returned("ok", 1))).isFalse();
        assertThat(returnedNormally.test(returned("ok", 1))).isTrue();
        assertThat(returnedNormally.test(threw(new RuntimeException()))).isFalse();
        assertThat(threwState.failures() + returnedNormally.failures()).isZero();
    }

    @Test
    void exceptionWithoutMessage_hasANullMessage() {
        CelCondition condition = CelCondition.compile("exception.message == null", Stage.EXIT);

        assertThat(condition.test(threw(new RuntimeException()))).isTrue();
    }

    @Test
    void elapsed_isADuration() {
        CelCondition slow = CelCondition.compile("elapsed > duration(\"200ms\")", Stage.EXIT);

        assertThat(slow.test(returned(null, 201))).isTrue();
        assertThat(slow.test(returned(null, 200))).isFalse();
        assertThat(slow.test(returned(null, 5))).isFalse();
        assertThat(slow.failures()).isZero();
    }

    @Test
    void exitCondition_seesTheArgumentsAndThreadToo() {
        CelCondition condition = CelCondition.compile("args[0] == 'a' && thread == 'w' && result == 1", Stage.EXIT);

        assertThat(condition.test(CallInput.exit(new Object[] {"a"}, "w", 1, null, 0))).isTrue();
    }
}
