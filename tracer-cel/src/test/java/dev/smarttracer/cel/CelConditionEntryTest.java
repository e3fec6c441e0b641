package dev.smarttracer.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.cel.Fixtures.Address;
import dev.smarttracer.cel.Fixtures.Customer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CelConditionEntryTest {

    private static boolean where(String expression, Object... args) {
        CelCondition condition = CelCondition.compile(expression, Stage.ENTRY);
        boolean matched = condition.test(CallInput.entry(args, "main"));
        assertThat(condition.lastFailure()).as("failure of %s", expression).isNull();
        return matched;
    }

    private static Customer customer(int customerId) {
        Customer c = new Customer(7L, customerId, "Ada", new Address("Paris", 75001));
        c.tags = new ArrayList<>(List.of("vip", "eu"));
        c.scores = new int[] {3, 9};
        return c;
    }

    @Test
    void primitives_areCelIntsDoublesBoolsAndStrings() {
        assertThat(where("args[0] == 42 && args[1] > 1.5 && args[2] && args[3] == 'x' && args[4] == 7",
                42, 2.5f, true, 'x', (byte) 7)).isTrue();
        assertThat(where("args[0] == 43", 42)).isFalse();
        assertThat(where("args[0] == 42", 42L)).isTrue();
    }

    @Test
    void numbers_compareAcrossIntAndDouble() {
        assertThat(where("args[0] > 1", 1.5d)).isTrue();
        assertThat(where("args[0] < 2.0", 1)).isTrue();
    }

    @Test
    void strings_supportCelStringFunctions() {
        assertThat(where("args[0].startsWith('ord-') && args[0].size() == 7 && args[0].matches('^ord-[0-9]+$')",
                "ord-123")).isTrue();
        assertThat(where("args[0].contains('x')", "ord-123")).isFalse();
    }

    @Test
    void nullArgument_isCelNull() {
        assertThat(where("args[0] == null", (Object) null)).isTrue();
        assertThat(where("args[0] == null", "x")).isFalse();
    }

    @Test
    void pojoField_isReadWithoutAGetter() {
        assertThat(where("args[0].customerId == 42", customer(42))).isTrue();
        assertThat(where("args[0].customerId == 42", customer(41))).isFalse();
    }

    @Test
    void pojoFields_includeSuperclassFields_andTheSubclassWinsAClash() {
        assertThat(where("args[0].id == 7 && args[0].hidden == 'customer'", customer(1))).isTrue();
    }

    @Test
    void nestedFieldsEnumsListsAndArrays_areValues() {
        assertThat(where("args[0].address.city == 'Paris' && args[0].address.zip == 75001", customer(1))).isTrue();
        assertThat(where("args[0].tier == 'GOLD'", customer(1))).isTrue();
        assertThat(where("'vip' in args[0].tags && args[0].scores[1] == 9 && size(args[0].scores) == 2",
                customer(1))).isTrue();
        assertThat(where("args[0].scores.exists(s, s > 5)", customer(1))).isTrue();
        assertThat(where("has(args[0].address) && !has(args[0].nope)", customer(1))).isTrue();
    }

    @Test
    void jdkListsMapsAndArrays_areCelListsAndMaps() {
        Map<Object, Object> map = new HashMap<>();
        map.put("region", "eu");
        map.put(5, "five");
        map.put(new Address("Lyon", 69001), "no key form, left out");
        assertThat(where("args[0].region == 'eu' && args[0][5] == 'five' && size(args[0]) == 2", map)).isTrue();
        assertThat(where("args[0].all(x, x > 0) && size(args[0]) == 3", List.of(1, 2, 3))).isTrue();
        assertThat(where("args[0][1] == 'b'", (Object) new String[] {"a", "b"})).isTrue();
        assertThat(where("args[0] == [1, 2]", Arrays.asList(1L, 2L))).isTrue();
    }

    @Test
    void longCollections_areCutToTheFirstHundredElements() {
        List<Integer> thousand = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            thousand.add(i);
        }
        assertThat(where("size(args[0]) == 100 && args[0][99] == 99", thousand)).isTrue();
        assertThat(where("size(args[0]) == 100", (Object) new long[1_000])).isTrue();
    }

    @Test
    void jdkValueTypes_areReadThroughTheirOwnApi() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(where("args[0] == '123e4567-e89b-12d3-a456-426614174000'", id)).isTrue();
        assertThat(where("args[0] == '1.50'", new BigDecimal("1.50"))).isTrue();
        assertThat(where("args[0] > duration('1s')", Duration.ofSeconds(2))).isTrue();
        assertThat(where("args[0] == 'x' && args[1] == null", Optional.of("x"), Optional.empty())).isTrue();
        assertThat(where("args[0] == 'java.lang.Thread'", Thread.currentThread())).isTrue();
    }

    @Test
    void thread_isTheThreadName() {
        CelCondition condition = CelCondition.compile("thread.startsWith('http-')", Stage.ENTRY);

        assertThat(condition.test(CallInput.entry(new Object[0], "http-nio-8080-exec-1"))).isTrue();
        assertThat(condition.test(CallInput.entry(new Object[0], "main"))).isFalse();
        assertThat(condition.failures()).isZero();
    }

    @Test
    void argumentCount_isTheSizeOfArgs() {
        assertThat(where("size(args) == 2", 1, 2)).isTrue();
    }
}
