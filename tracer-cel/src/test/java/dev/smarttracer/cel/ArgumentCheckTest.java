package dev.smarttracer.cel;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smarttracer.cel.Fixtures.Customer;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an expression reads of the arguments, checked against the traced methods before anything
 * is instrumented: what the declared types rule out is refused in one line, what they leave open
 * is left to run time.
 */
class ArgumentCheckTest {

    static int pay(Customer customer, int cents) {
        return cents;
    }

    static void anything(Object value, Runnable task) {
    }

    static void none() {
    }

    private static Method method(String name) {
        for (Method method : ArgumentCheckTest.class.getDeclaredMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new AssertionError(name);
    }

    private static void check(String expression, String... methods) {
        CelCondition condition = CelCondition.compile(expression, Stage.ENTRY);
        condition.checkAgainst(List.of(methods).stream().map(ArgumentCheckTest::method).toList());
    }

    @Test
    void anIndexBeyondTheArity_isRefused_namingTheColumnAndTheArguments() {
        assertThatThrownBy(() -> check("args[0].customerId == 42 && args[2] > 0", "pay"))
                .isInstanceOf(ConditionException.class)
                .hasMessage("--where 'args[0].customerId == 42 && args[2] > 0': column 29: args[2] is beyond the"
                        + " arguments of dev.smarttracer.cel.ArgumentCheckTest#pay(Customer, int), which takes 2:"
                        + " args[0] to args[1]");
        assertThatThrownBy(() -> check("args[0] == 1", "none"))
                .hasMessageEndingWith("column 1: args[0] is beyond the arguments of"
                        + " dev.smarttracer.cel.ArgumentCheckTest#none(), which takes none");
        assertThatThrownBy(() -> CelCondition.compileKey("args[9]").checkAgainst(List.of(method("pay"))))
                .hasMessageStartingWith("--distinct 'args[9]': column 1: args[9] is beyond");
    }

    @Test
    void anIndexWithinTheArityOfOneSelectedMethod_isLeftToRunTime() {
        assertThatCode(() -> check("args[1] > 0", "pay", "none")).doesNotThrowAnyException();
    }

    @Test
    void aFieldTheDeclaredClassDoesNotHave_isRefused_withItsFields() {
        assertThatThrownBy(() -> check("args[0].customerid == 42", "pay"))
                .hasMessage("--where 'args[0].customerid == 42': column 1: args[0] is a"
                        + " dev.smarttracer.cel.Fixtures$Customer of dev.smarttracer.cel.ArgumentCheckTest#pay(Customer,"
                        + " int), which has no field customerid (its fields: customerId, name, address, tier, balance,"
                        + " tags, scores, hidden, id); if a subclass has it, test it first: has(args[0].customerid) && ...");
        assertThatThrownBy(() -> check("args[0].address.town == 'Oslo'", "pay"))
                .hasMessageContaining("args[0].address is a dev.smarttracer.cel.Fixtures$Address of ")
                .hasMessageContaining("which has no field town (its fields: city, zip)");
        assertThatThrownBy(() -> check("args[1].cents > 1", "pay"))
                .hasMessageContaining("column 1: args[1] is an int of ")
                .hasMessageContaining("read as a value without fields; compare it directly, e.g. args[1] == ...");
        assertThatThrownBy(() -> check("args[0].address.city.name == 'x'", "pay"))
                .hasMessageContaining("args[0].address.city is a java.lang.String");
    }

    @Test
    void aComparisonTheDeclaredTypeContradicts_isRefused() {
        assertThatThrownBy(() -> check("args[1] == 'ten'", "pay"))
                .hasMessage("--where 'args[1] == 'ten'': column 1: args[1] is an int of"
                        + " dev.smarttracer.cel.ArgumentCheckTest#pay(Customer, int), read as a number, but is compared"
                        + " with a string; compare it with a number, e.g. args[1] > 0");
        assertThatThrownBy(() -> check("5 < args[0].name", "pay"))
                .hasMessageContaining("column 5: args[0].name is a java.lang.String of ")
                .hasMessageContaining("compare it with a string, e.g. args[0].name == 'text'");
        assertThatThrownBy(() -> check("args[1] != null", "pay"))
                .hasMessageContaining("args[1] is an int of ").hasMessageContaining("read as a number, never null");
        assertThatCode(() -> check("args[1] > 2.5 && args[0].name != null && args[0].tier == 'GOLD'"
                + " && args[0].balance >= 0 && args[0].address != null", "pay")).doesNotThrowAnyException();
        assertThatCode(() -> check("args[0] == 'x' && args[0] == 5", "anything")).as("Object says nothing")
                .doesNotThrowAnyException();
    }

    @Test
    void fieldsTheDeclaredTypesAllow_orLeaveOpen_areAccepted() {
        assertThatCode(() -> check("args[0].customerId == 42 && args[0].address.city == 'Oslo'"
                + " && args[0].id > 0 && args[0].tier == 'GOLD'", "pay")).doesNotThrowAnyException();
        assertThatCode(() -> check("args[0].anything == 1 && args[1].whatever == 2", "anything"))
                .as("Object and interfaces say nothing of the fields").doesNotThrowAnyException();
        assertThatCode(() -> check("has(args[0].vip) && args[0].vip == true", "pay"))
                .as("a field tested with has() may be a subclass's").doesNotThrowAnyException();
        assertThatCode(() -> check("args.size() > 1 && args.exists(a, a == 1)", "none")).doesNotThrowAnyException();
    }
}
