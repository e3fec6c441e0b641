package dev.smarttracer.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.cel.Fixtures.AppException;
import dev.smarttracer.cel.Fixtures.Booby;
import dev.smarttracer.cel.Fixtures.BoobyList;
import dev.smarttracer.cel.Fixtures.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CelConditionFailureTest {

    @Test
    void missingField_isNoMatch_countedAndKept_neverThrown() {
        CelCondition condition = CelCondition.compile("args[0].nope == 1", Stage.ENTRY);

        boolean matched = condition.test(CallInput.entry(new Object[] {new Fixtures.Address("Rome", 1)}, "main"));

        assertThat(matched).isFalse();
        assertThat(condition.failures()).isEqualTo(1);
        assertThat(condition.lastFailure()).startsWith("--where 'args[0].nope == 1': ").contains("nope");
    }

    @Test
    void wrongTypeAndMissingArgument_areFailuresToo() {
        CelCondition condition = CelCondition.compile("args[0] > 1", Stage.ENTRY);

        assertThat(condition.test(CallInput.entry(new Object[] {"text"}, "main"))).isFalse();
        assertThat(condition.test(CallInput.entry(new Object[0], "main"))).isFalse();
        assertThat(condition.failures()).isEqualTo(2);
    }

    @Test
    void dynValueThatIsNotABool_isAFailure() {
        CelCondition condition = CelCondition.compile("args[0]", Stage.ENTRY);

        assertThat(condition.test(CallInput.entry(new Object[] {"yes"}, "main"))).isFalse();
        assertThat(condition.test(CallInput.entry(new Object[] {true}, "main"))).isTrue();
        assertThat(condition.failures()).isEqualTo(1);
        assertThat(condition.lastFailure()).contains("not a bool");
    }

    @Test
    void entryInputToAnExitCondition_isAFailure() {
        CelCondition condition = CelCondition.compile("result == 1", Stage.EXIT);

        assertThat(condition.test(CallInput.entry(new Object[0], "main"))).isFalse();
        assertThat(condition.lastFailure()).contains("CallInput.exit");
    }

    @Test
    void iterationLimit_stopsARunawayMacro_asAFailure() {
        List<Integer> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(i);
        }
        List<Integer> thirty = hundred.subList(0, 30);
        CelCondition nested = CelCondition.compile(
                "args[0].all(a, args[0].all(b, a + b >= 0))", Stage.ENTRY);


        assertThat(nested.test(CallInput.entry(new Object[] {hundred}, "main"))).isFalse();
        assertThat(nested.failures()).isEqualTo(1);
        assertThat(nested.lastFailure()).containsIgnoringCase("iteration");
        // 30 + 30 * 30 = 930 iterations: within the limit of 1,000.
        assertThat(nested.test(CallInput.entry(new Object[] {thirty}, "main"))).isTrue();
        assertThat(nested.failures()).isEqualTo(1);
    }

    @Test
    void applicationMethods_areNeverCalled_notEvenOnFailure() {
        Booby.CALLS.set(0);
        BoobyList.CALLS.set(0);
        Booby booby = new Booby();
        BoobyList list = new BoobyList();
        Object[] args = {booby, list, new Booby[] {booby}, List.of(booby), new AppException("x")};

        CelCondition matches = CelCondition.compile("args[0].customerId == 42 && args[0].secret == 's' "
                + "&& args[1].label == 'mine' && args[2][0].customerId == 42 && args[3][0] == args[0]", Stage.ENTRY);
        CelCondition fails = CelCondition.compile("args[0].getCustomerId == 1", Stage.ENTRY);
        CelCondition key = CelCondition.compileKey("args");
        CelCondition exceptionMessage = CelCondition.compile("args[4].message == null", Stage.ENTRY);

        assertThat(matches.test(CallInput.entry(args, "main"))).isTrue();
        assertThat(fails.test(CallInput.entry(args, "main"))).isFalse();
        assertThat(key.key(CallInput.entry(args, "main"))).isInstanceOf(List.class);
        assertThat(exceptionMessage.test(CallInput.entry(args, "main"))).isTrue();
        assertThat(Booby.CALLS.get()).isZero();
        assertThat(BoobyList.CALLS.get()).isZero();
        assertThat(matches.failures() + key.failures() + exceptionMessage.failures()).isZero();
        assertThat(fails.failures()).isEqualTo(1);
    }

    @Test
    void applicationSubclassOfAJdkCollection_isAMapOfItsOwnFieldsOnly() {
        BoobyList.CALLS.set(0);
        CelCondition condition = CelCondition.compile("size(args[0]) == 1 && args[0].label == 'mine'", Stage.ENTRY);

        assertThat(condition.test(CallInput.entry(new Object[] {new BoobyList()}, "main"))).isTrue();
        assertThat(BoobyList.CALLS.get()).isZero();
    }

    @Test
    void failuresFromManyThreads_areEachCounted() throws InterruptedException {
        CelCondition condition = CelCondition.compile("args[0].nope == 1", Stage.ENTRY);
        CallInput input = CallInput.entry(new Object[] {new Fixtures.Address("Rome", 1)}, "main");
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 250; i++) {
                    condition.test(input);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }

        assertThat(condition.failures()).isEqualTo(1_000);
    }

    @Test
    void exceptionWhoseGetMessageIsTheApplications_hasANullMessage() {
        Booby.CALLS.set(0);
        CelCondition condition = CelCondition.compile(
                "exception.type.endsWith('AppException') && exception.message == null", Stage.EXIT);

        assertThat(condition.test(CallInput.exit(new Object[0], "main", null, new AppException("x"), 0))).isTrue();
        assertThat(Booby.CALLS.get()).isZero();
    }

    @Test
    void cyclicGraph_endsAtTheDepthLimit() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.next = b;
        b.next = a;
        CallInput input = CallInput.entry(new Object[] {a}, "main");

        CelCondition walk = CelCondition.compile(
                "args[0].next.next.name == 'a' && args[0].next.next.next == '" + Node.class.getName() + "'",
                Stage.ENTRY);
        CelCondition whole = CelCondition.compileKey("args[0]");
        CelCondition equality = CelCondition.compile("args[0] == args[0].next.next", Stage.ENTRY);

        assertThat(walk.test(input)).isTrue();
        assertThat(whole.key(input)).isInstanceOf(java.util.Map.class);
        equality.test(input);
        assertThat(walk.failures() + whole.failures() + equality.failures()).isZero();
    }
}
