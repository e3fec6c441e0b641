package dev.smarttracer.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smarttracer.recorder.internal.SnapshotArgs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.123456789Z");

    static Call call(List<Object> args) {
        return new Call(1, 1, CallType.CALL, "com.acme.Foo", "bar", "(Ljava/lang/String;)Ljava/lang/String;",
                args.size(), args, null, null, "main", 1, NOW, 0);
    }

    @Test
    void args_areCopied_nullsAllowed_andTheListIsUnmodifiable() {
        List<Object> args = new ArrayList<>(Arrays.asList("a", null));
        Call call = new Call(1, 1, CallType.CALL, "com.acme.Foo", "m", "(Ljava/lang/String;Ljava/lang/Object;)V", 2,
                args, null, null, "main", 1, NOW, 0);
        args.set(0, "changed");
        assertThat(call.args()).containsExactly("a", null);
        assertThatThrownBy(() -> call.args().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theTracersOwnArguments_areKeptAsTheyAre_checkedAsTheyWereMade_andUnmodifiable() {
        SnapshotArgs args = SnapshotArgs.takeOver(new Object[] {"a", null, 1});
        Call call = new Call(1, 1, CallType.CALL, "com.acme.Foo", "m", "(Ljava/lang/String;Ljava/lang/Object;I)V", 3,
                args, null, null, "main", 1, NOW, 0);
        assertThat(call.args()).isSameAs(args).containsExactly("a", null, 1).isEqualTo(Arrays.asList("a", null, 1));
        assertThatThrownBy(() -> call.args().set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> SnapshotArgs.takeOver(new Object[] {"a", new StringBuilder("live")}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds a live java.lang.StringBuilder");
        assertThatThrownBy(() -> new Call(1, 1, CallType.CALL, "C", "m", "(I)V", 1, SnapshotArgs.takeOver(new Object[0]),
                null, null, "t", 1, NOW, 0)).hasMessageContaining("a CALL of arity 1 carries 1 arguments; got 0");
    }

    @Test
    void liveObject_isRefused() {
        assertThatThrownBy(() -> call(List.of(new StringBuilder("live"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds a live java.lang.StringBuilder");
    }

    @Test
    void inconsistentEvents_areRefused() {
        assertThatThrownBy(() -> new Call(0, 1, CallType.CALL, "C", "m", "()V", 0, List.of(), null, null, "t", 1, NOW, 0))
                .hasMessageContaining("traceId and callId start at 1");
        assertThatThrownBy(() -> new Call(1, 1, CallType.CALL, "C", "m", "(I)V", 1, List.of(), null, null, "t", 1, NOW, 0))
                .hasMessageContaining("a CALL of arity 1 carries 1 arguments; got 0");
        assertThatThrownBy(() -> new Call(1, 1, CallType.EXCEPTION, "C", "m", "()V", 0, List.of(), null, null, "t", 1, NOW, 5))
                .hasMessageContaining("an EXCEPTION, and only an EXCEPTION, carries an exception");
        assertThatThrownBy(() -> new Call(1, 1, CallType.CALL, "C", "m", "()V", 0, List.of(), "x", null, "t", 1, NOW, 0))
                .hasMessageContaining("only a RETURN carries a returnValue");
        assertThatThrownBy(() -> new Call(1, 1, CallType.RETURN, "C", "m", "()V", 0, List.of(), null, null, "t", 1, NOW, -1))
                .hasMessageContaining("durationNanos");
    }

    @Test
    void formatter_speaksSmartTracersWords() {
        assertThat(CallFormatter.describe(call(List.of("Buzz"))))
                .isEqualTo("com.acme.Foo.bar/1 is being called with: [\"Buzz\"]");
        Call ret = new Call(1, 1, CallType.RETURN, "com.acme.Foo", "bar", "(Ljava/lang/String;)Ljava/lang/String;", 1,
                List.of(), "Hello, my name is FizzBuzz", null, "main", 1, NOW, 10);
        assertThat(CallFormatter.describe(ret)).isEqualTo("com.acme.Foo.bar/1 returns: \"Hello, my name is FizzBuzz\"");
        Call raised = new Call(1, 1, CallType.EXCEPTION, "com.acme.Foo", "bar", "(Ljava/lang/String;)V", 1, List.of(),
                null, new ExceptionInfo("java.lang.IllegalStateException", "boom"), "main", 1, NOW, 10);
        assertThat(CallFormatter.describe(raised))
                .isEqualTo("com.acme.Foo.bar/1 raised: java.lang.IllegalStateException: boom");
    }

    @Test
    void formatter_rendersEveryValueKind() {
        assertThat(CallFormatter.value(null)).isEqualTo("null");
        assertThat(CallFormatter.value("tab\tquote\"")).isEqualTo("\"tab\\tquote\\\"\"");
        assertThat(CallFormatter.value('x')).isEqualTo("'x'");
        assertThat(CallFormatter.value(1.5f)).isEqualTo("1.5");
        assertThat(CallFormatter.value(new EnumValue("com.acme.Color", "RED"))).isEqualTo("Color.RED");
        assertThat(CallFormatter.value(new Rendered("com.acme.P", "P(1)", true))).isEqualTo("P(1)...");
    }

    @Test
    void formatter_marksEveryCut() {
        assertThat(CallFormatter.value(new Rendered("java.lang.String", "say \"hi", true))).isEqualTo("\"say \\\"hi\"...");
        assertThat(CallFormatter.value(new Rendered("java.lang.String", "whole", false))).isEqualTo("\"whole\"");
        assertThat(CallFormatter.value(new Rendered("int[]", "[0, ... (9 more)]", true))).isEqualTo("[0, ... (9 more)]...");
        Call raised = new Call(1, 1, CallType.EXCEPTION, "com.acme.Foo", "bar", "(Ljava/lang/String;)V", 1, List.of(),
                null, new ExceptionInfo("java.lang.IllegalStateException", "the first", true), "main", 1, NOW, 10);
        assertThat(CallFormatter.describe(raised))
                .isEqualTo("com.acme.Foo.bar/1 raised: java.lang.IllegalStateException: the first...");
    }

    @Test
    void exceptionInfo_twoArguments_meanAWholeMessage_andOnlyAMessageCanBeCut() {
        assertThat(new ExceptionInfo("java.lang.Error", "m")).isEqualTo(new ExceptionInfo("java.lang.Error", "m", false));
        assertThat(new ExceptionInfo("java.lang.Error", null)).hasToString("java.lang.Error");
        assertThatThrownBy(() -> new ExceptionInfo("java.lang.Error", null, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a null message cannot be truncated");
    }

    @Test
    void formatter_quotesAStringExactlyAsJsonLinesDo() {
        String nasty = "q\" b\\ n\n r\r t\t nul\u0000 del\u007f ls\u2028 ps\u2029 lone\ud800 pair\ud83d\ude00 é";
        Call call = call(List.of(nasty));

        String quoted = CallFormatter.value(nasty);

        assertThat(quoted).isEqualTo("\"q\\\" b\\\\ n\\n r\\r t\\t nul\\u0000 del\\u007f ls\\u2028 ps\\u2029"
                + " lone\\ud800 pair\ud83d\ude00 é\"");
        assertThat(dev.smarttracer.recorder.internal.JsonLine.write(call)).contains("\"args\":[" + quoted + "]");
        assertThat(CallFormatter.value('\'')).isEqualTo("'\\''");
        assertThat(CallFormatter.value('\u2029')).isEqualTo("'\\u2029'");
    }
}
