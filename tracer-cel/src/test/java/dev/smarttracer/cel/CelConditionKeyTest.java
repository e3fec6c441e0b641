package dev.smarttracer.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.cel.Fixtures.Address;
import dev.smarttracer.cel.Fixtures.Customer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelConditionKeyTest {

    private static CallInput call(Object... args) {
        return CallInput.entry(args, "main");
    }

    @Test
    void wholeArgument_isAPlainJavaValue() {
        CelCondition key = CelCondition.compileKey("args[0]");

        assertThat(key.key(call(42))).isEqualTo(42L);
        assertThat(key.key(call(1.5f))).isEqualTo(1.5d);
        assertThat(key.key(call("x"))).isEqualTo("x");
        assertThat(key.key(call(true))).isEqualTo(true);
        assertThat(key.key(call((Object) null))).isNull();
        assertThat(key.key(call(List.of(1, 2)))).isEqualTo(List.of(1L, 2L));
    }

    @Test
    void pojoArgument_isAMapOfPlainValues_equalForEqualFields() {
        CelCondition key = CelCondition.compileKey("args[0]");

        Object first = key.key(call(new Address("Oslo", 150)));
        Object second = key.key(call(new Address("Oslo", 150)));

        assertThat(first).isEqualTo(Map.of("city", "Oslo", "zip", 150L)).isEqualTo(second);
        assertThat(key.key(call(new Address("Oslo", 151)))).isNotEqualTo(first);
    }

    @Test
    void fieldOfAnArgument_isItsValue() {
        CelCondition key = CelCondition.compileKey("args[0].id");

        assertThat(key.key(call(new Customer(9L, 1, "n", null)))).isEqualTo(9L);
    }

    @Test
    void builtKeys_areListsAndMaps() {
        assertThat(CelCondition.compileKey("[args[0], thread]").key(call("a"))).isEqualTo(Arrays.asList("a", "main"));
        assertThat(CelCondition.compileKey("{'t': thread}").key(call())).isEqualTo(Map.of("t", "main"));
    }

    @Test
    void failedKey_isTheMarker_andCounted() {
        CelCondition key = CelCondition.compileKey("args[0].id");

        assertThat(key.key(call("no fields"))).isSameAs(CelCondition.FAILED_KEY);
        assertThat(key.key(call())).isSameAs(CelCondition.FAILED_KEY);
        assertThat(key.failures()).isEqualTo(2);
        assertThat(key.lastFailure()).startsWith("--distinct 'args[0].id': ");
    }

    @Test
    void exitKey_seesTheResult() {
        CelCondition key = CelCondition.compileKey("exception == null ? string(result) : exception.type", Stage.EXIT);

        assertThat(key.key(CallInput.exit(new Object[0], "main", 5, null, 0))).isEqualTo("5");
        assertThat(key.key(CallInput.exit(new Object[0], "main", null, new IllegalStateException(), 0)))
                .isEqualTo("java.lang.IllegalStateException");
    }
}
