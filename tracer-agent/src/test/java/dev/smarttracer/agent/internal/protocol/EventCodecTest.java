package dev.smarttracer.agent.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.CallerFrame;
import dev.smarttracer.recorder.EnumValue;
import dev.smarttracer.recorder.ExceptionInfo;
import dev.smarttracer.recorder.Rendered;
import dev.smarttracer.recorder.internal.JsonLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final String DESCRIPTOR = "(Ljava/lang/Object;)Ljava/lang/Object;";

    private static Call call(List<Object> args, List<CallerFrame> stack) {
        return new Call(7, 123_456, CallType.CALL, "com.acme.Foo$Inner", "bär", "(" + "Ljava/lang/Object;".repeat(args.size())
                + ")V", args.size(), args, null, null, "worker \u2603 1", 42, Instant.parse("2026-12-07T16:26:12.123456789Z"),
                0, stack);
    }

    @Test
    void everyValueAndEveryEventType_comeBackEqual_andAsTheSameJsonLine() throws Exception {
        List<Object> values = Arrays.asList(null, "text with \"quotes\", \\ and \u00e9\ud83d\ude00", "", 0, -1,
                Integer.MIN_VALUE, Integer.MAX_VALUE, 0L, Long.MIN_VALUE, Long.MAX_VALUE, true, false, 1.5, -0.0,
                Double.NaN, Double.MAX_VALUE, 'c', '\uffff', 1.25f, Float.NEGATIVE_INFINITY, (short) -7, Short.MAX_VALUE,
                (byte) -128, (byte) 127, new EnumValue("java.lang.Thread$State", "NEW"),
                new Rendered("java.util.List", "[1, 2, ... (3 more)]", true), new Rendered("com.acme.V", "V[]", false));
        List<Call> calls = List.of(
                call(values, List.of(new CallerFrame("com.acme.Caller", "run", "Caller.java", 12),
                        new CallerFrame("com.acme.Native", "call", null, -2))),
                call(List.of(), List.of()),
                new Call(1, 1, CallType.RETURN, "C", "m", DESCRIPTOR, 1, List.of(), "back", null, "main", 1,
                        Instant.ofEpochSecond(-5, 1), 987_654_321),
                new Call(1, 2, CallType.RETURN, "C", "m", "()V", 0, List.of(), null, null, "main", 1, Instant.EPOCH, 0),
                new Call(1, 3, CallType.EXCEPTION, "C", "m", DESCRIPTOR, 1, List.of(), null,
                        new ExceptionInfo("java.lang.IllegalStateException", "boom", true), "main", 1, Instant.MAX, 5),
                new Call(1, 4, CallType.EXCEPTION, "C", "m", DESCRIPTOR, 1, List.of(), null,
                        new ExceptionInfo("java.lang.NullPointerException", null), "main", Long.MAX_VALUE, Instant.MIN,
                        Long.MAX_VALUE));
        for (Call call : calls) {
            byte[] bytes = EventCodec.encode(call);
            Call back = EventCodec.decode(bytes);
            assertThat(back).isEqualTo(call);
            assertThat(JsonLine.write(back)).isEqualTo(JsonLine.write(call));
        }
    }

    @Test
    void oneEncoderForAStream_writesEachEventAsAFreshOneDoes() throws Exception {
        EventCodec.Encoder stream = new EventCodec.Encoder();
        String huge = "x".repeat(200_000);
        String[] threads = {"main", "m\u00e4in", "main", new String("main".toCharArray()), "worker-1"};
        String[] classes = {"com.acme.A", "com.acme.A", "com.acme.\u00c4", new String("com.acme.A".toCharArray())};
        List<Object> values = Arrays.asList("ascii", "\u00e9t\u00e9", huge, "", null, "\ud83d\ude00", "tail");
        for (int i = 0; i < 60; i++) {
            Object value = values.get(i % values.size());
            Call call = new Call(2, i + 1, i % 2 == 0 ? CallType.CALL : CallType.RETURN, classes[i % classes.length],
                    i % 3 == 0 ? "m" : "n\u00fc", DESCRIPTOR, 1, i % 2 == 0 ? Arrays.asList(value) : List.of(),
                    i % 2 == 0 ? null : value, null,
                    threads[i % threads.length], i, Instant.ofEpochSecond(i, i), i % 2 == 0 ? 0 : i);
            byte[] bytes = stream.encode(call);
            assertThat(bytes).as("event " + i).isEqualTo(new EventCodec.Encoder().encode(call));
            assertThat(EventCodec.decode(bytes)).as("event " + i).isEqualTo(call);
        }
    }

    @Test
    void anEventTakesLessThanHalfOfItsJsonLinesBytes() {
        Call call = new Call(3, 81_234, CallType.CALL, "com.acme.greeting.Greeter", "greet", "(Ljava/lang/String;)Ljava/lang/String;",
                1, List.of("guest-4085"), null, null, "greeting-worker-1", 31, Instant.parse("2026-12-07T16:26:12.123456789Z"), 0);
        int binary = EventCodec.encode(call).length;
        int json = JsonLine.write(call).getBytes(StandardCharsets.UTF_8).length;
        assertThat(binary * 2).as(binary + " bytes against " + json).isLessThan(json);
    }

    @Test
    void bytesThatAreNoEvent_areRefusedNamingWhatIsWrong_neverAnotherException() {
        byte[] good = EventCodec.encode(call(List.of("x", 1), List.of()));
        assertThatThrownBy(() -> EventCodec.decode(new byte[0])).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("cut short");
        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> EventCodec.decode(otherVersion)).hasMessageContaining("encoding version 9");
        byte[] otherType = good.clone();
        otherType[1] = 7;
        assertThatThrownBy(() -> EventCodec.decode(otherType)).hasMessageContaining("unknown call type 7");
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> EventCodec.decode(longer)).hasMessageContaining("1 bytes after its end");
        for (int cut = 1; cut < good.length; cut++) {
            byte[] shorter = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> EventCodec.decode(shorter)).as("cut at " + cut)
                    .isInstanceOf(MalformedFrameException.class);
        }
        for (int at = 2; at < good.length; at++) {
            byte[] changed = good.clone();
            changed[at] = (byte) 0xFF;
            try {
                EventCodec.decode(changed);
            } catch (MalformedFrameException refused) {
                // refused, as it may be
            }
        }
    }
}
