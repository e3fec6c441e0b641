package dev.smarttracer.agent.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTest {

    @Test
    void framesOfEachKind_readBackWithTheirKindAndText_thenTheEndOfTheStream() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(Channels.newChannel(bytes));
        writer.send(Message.of("hello").with("protocol", 1).with("text", "é\u2028\"\n"));
        writer.send(FrameKind.EVENT, "{\"schema\":2,\"type\":\"CALL\"}");
        writer.send(FrameKind.RECORDING_LINE, "{\"schema\":2,\"type\":\"TRACE_END\"}");
        // a control message that happens to look like an event is still a control message
        writer.send(Message.of("warning").with("message", "x"));

        FrameReader reader = reader(bytes.toByteArray());

        Frame control = reader.read();
        assertThat(control.kind()).isEqualTo(FrameKind.CONTROL);
        assertThat(control.message().string("text")).isEqualTo("é\u2028\"\n");
        assertThat(reader.read()).isEqualTo(new Frame(FrameKind.EVENT, "{\"schema\":2,\"type\":\"CALL\"}"));
        assertThat(reader.read())
                .isEqualTo(new Frame(FrameKind.RECORDING_LINE, "{\"schema\":2,\"type\":\"TRACE_END\"}"));
        assertThat(reader.read().message().type()).isEqualTo("warning");
        assertThat(reader.read()).isNull();
        assertThat(Arrays.copyOf(bytes.toByteArray(), 2)).as("the frame version, then the kind")
                .containsExactly(Protocol.FRAME_VERSION, FrameKind.CONTROL.code());
    }

    @Test
    void theLayout_isVersionKindLengthPayload() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new FrameWriter(Channels.newChannel(bytes)).send(FrameKind.EVENT, "{}");

        assertThat(bytes.toByteArray()).containsExactly(2, 2, 0, 0, 0, 2, '{', '}');
    }

    @Test
    void framesLaidOutWhole_goOutAsTheyAre_upToTheLengthGiven_throughAChannelThatTakesAFewBytesAWrite()
            throws IOException {
        ByteArrayOutputStream laidOut = new ByteArrayOutputStream();
        FrameWriter layout = new FrameWriter(Channels.newChannel(laidOut));
        for (int i = 0; i < 300; i++) {
            layout.send(i % 2 == 0 ? FrameKind.EVENT : FrameKind.CONTROL, "{\"n\":" + i + "}" + "x".repeat(i * 7));
        }
        byte[] frames = java.util.Arrays.copyOf(laidOut.toByteArray(), laidOut.size() + 100);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        java.nio.channels.WritableByteChannel slow = new java.nio.channels.WritableByteChannel() {
            @Override
            public int write(java.nio.ByteBuffer from) {
                int n = Math.min(1_000, from.remaining());
                byte[] part = new byte[n];
                from.get(part);
                sent.write(part, 0, n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };

        new FrameWriter(slow).sendFramed(frames, laidOut.size());

        assertThat(sent.toByteArray()).isEqualTo(laidOut.toByteArray());
        FrameReader reader = reader(sent.toByteArray());
        for (int i = 0; i < 300; i++) {
            assertThat(reader.read().text()).startsWith("{\"n\":" + i + "}");
        }
        assertThat(reader.read()).isNull();
    }

    @Test
    void aHandshakeFrame_hasNoKind_asVersion1Wrote_andReadsAsAControlMessage() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new FrameWriter(Channels.newChannel(bytes)).sendHandshake(Message.of("hello").with("protocol", 2));

        byte[] written = bytes.toByteArray();
        assertThat(written).isEqualTo(frame(1, "{\"type\":\"hello\",\"protocol\":2}"));
        Frame hello = reader(written).read();
        assertThat(hello.kind()).isEqualTo(FrameKind.CONTROL);
        assertThat(hello.message().whole("protocol")).isEqualTo(2);
    }

    @Test
    void aFrameOfAnUnknownKind_isSkipped_andTheNextOneRead() throws IOException {
        byte[] bytes = concat(typed(FrameKind.EVENT.code(), "{\"n\":1}"), typedBytes(200, new byte[] {0, -1, 7}),
                typed(0, "{\"kind\":0}"), typed(FrameKind.CONTROL.code(), "{\"type\":\"done\"}"));

        FrameReader reader = reader(bytes);

        assertThat(reader.read().kind()).isEqualTo(FrameKind.EVENT);
        assertThat(reader.read()).as("binary payloads of unknown kinds are not decoded")
                .isEqualTo(new Frame(FrameKind.CONTROL, "{\"type\":\"done\"}"));
        assertThat(reader.skipped()).isEqualTo(2);
        assertThat(reader.read()).isNull();
    }

    @Test
    void aFrameOfAnUnknownKind_isStillCheckedForItsLengthAndCompleteness() {
        assertThatThrownBy(() -> reader(typedHeader(99, Protocol.MAX_PAYLOAD + 1)).read())
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("frame length 1048577 is outside");
        byte[] cut = ByteBuffer.allocate(8).put((byte) 2).put((byte) 99).putInt(100).put((byte) 1).put((byte) 2)
                .array();
        assertThatThrownBy(() -> reader(cut).read()).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("frame cut short: 2 of 100 bytes");
    }

    @Test
    void frameWaiting_skipsWholeFramesOfUnknownKinds_andSaysWhetherAKnownOneIsWhole() throws IOException {
        byte[] next = typed(FrameKind.EVENT.code(), "{\"n\":2}");
        byte[] bytes = concat(typed(FrameKind.EVENT.code(), "{\"n\":1}"), typed(77, "{}"),
                Arrays.copyOf(next, next.length - 1));
        FrameReader reader = reader(bytes);
        reader.read();

        assertThat(reader.frameWaiting()).as("the next known frame lacks a byte").isFalse();
        assertThat(reader.skipped()).isOne();

        FrameReader whole = reader(concat(typed(FrameKind.EVENT.code(), "{\"n\":1}"), typed(77, "{}"), next));
        whole.read();
        assertThat(whole.frameWaiting()).isTrue();
        assertThat(whole.read()).isEqualTo(new Frame(FrameKind.EVENT, "{\"n\":2}"));
        assertThat(whole.frameWaiting()).as("nothing left").isFalse();
    }

    @Test
    void anotherFrameVersion_isRefusedByName() {
        assertThatThrownBy(() -> reader(frame(3, "{}")).read()).isInstanceOf(MalformedFrameException.class)
                .hasMessage("frame version 3 is neither 2 nor the handshake's 1; the peer speaks another SmartTracer"
                        + " control format");
        assertThatThrownBy(() -> reader(frame(0, "{}")).read()).hasMessageContaining("frame version 0 is neither");
    }

    @Test
    void lengthsOutsideOneByteToOneMebibyte_areRefusedBeforeAnythingIsAllocated() {
        assertThatThrownBy(() -> reader(typedHeader(FrameKind.EVENT.code(), 0)).read())
                .hasMessageContaining("outside 1..1048576");
        assertThatThrownBy(() -> reader(typedHeader(FrameKind.EVENT.code(), Protocol.MAX_PAYLOAD + 1)).read())
                .hasMessageContaining("frame length 1048577 is outside");
        assertThatThrownBy(() -> reader(typedHeader(FrameKind.CONTROL.code(), -1)).read())
                .hasMessageContaining("frame length 4294967295");
        assertThatThrownBy(() -> reader(handshakeHeader(Protocol.MAX_PAYLOAD + 1)).read())
                .hasMessageContaining("frame length 1048577 is outside");
    }

    @Test
    void aFrameOfExactlyOneMebibyte_isRead() throws IOException {
        String text = "\"" + "x".repeat(Protocol.MAX_PAYLOAD - 2) + "\"";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new FrameWriter(Channels.newChannel(bytes)).send(FrameKind.EVENT, text);

        assertThat(reader(bytes.toByteArray()).read().text()).isEqualTo(text);
    }

    @Test
    void framesCutShort_areMalformed_notAnEndOfStream() {
        assertThatThrownBy(() -> reader(new byte[] {2, 1, 0}).read()).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("header cut short: 3 of 6");
        assertThatThrownBy(() -> reader(new byte[] {2}).read()).hasMessageContaining("header cut short: 1 of 6");
        assertThatThrownBy(() -> reader(new byte[] {1, 0, 0}).read()).hasMessageContaining("header cut short: 3 of 5");
        byte[] cut = ByteBuffer.allocate(8).put((byte) 2).put((byte) 1).putInt(100).put((byte) '{').put((byte) '"')
                .array();
        assertThatThrownBy(() -> reader(cut).read()).hasMessageContaining("cut short: 2 of 100 bytes");
    }

    @Test
    void asciiAndOtherUtf8Text_oneAfterAnother_decodeAsWritten_andMalformedBytesAfterThemAreStillRefused()
            throws Exception {
        List<String> texts = List.of("{\"n\":\"plain\"}", "{\"n\":\"na\u00efve \u2603 \ud83d\ude00\"}",
                "{\"n\":\"plain again\"}", "{\"n\":\"\u00e9\"}");
        byte[] notUtf8 = {2, 2, 0, 0, 0, 2, (byte) 0xc3, (byte) 0x28};
        FrameReader reader = reader(concat(typed(2, texts.get(0)), typed(2, texts.get(1)), typed(2, texts.get(2)),
                typed(2, texts.get(3)), notUtf8));
        for (String text : texts) {
            assertThat(reader.read().text()).isEqualTo(text);
        }
        assertThatThrownBy(reader::read).hasMessageContaining("not UTF-8");
    }

    @Test
    void aBinaryFrame_comesBackAsItsBytes_whateverTheyAre_betweenTextFrames() throws Exception {
        byte[] bytes = {1, 0, (byte) 0xc3, (byte) 0x28, (byte) 0xff};
        FrameReader reader = reader(concat(typed(2, "{\"n\":1}"), typedBytes(4, bytes), typed(2, "{\"n\":2}")));
        assertThat(reader.read()).isEqualTo(new Frame(FrameKind.EVENT, "{\"n\":1}"));
        Frame binary = reader.read();
        assertThat(binary.kind()).isEqualTo(FrameKind.EVENT_BINARY);
        assertThat(binary.bytes()).containsExactly(bytes);
        assertThat(binary.text()).isEmpty();
        assertThat(reader.read()).isEqualTo(new Frame(FrameKind.EVENT, "{\"n\":2}"));
        assertThatThrownBy(() -> new Frame(FrameKind.EVENT_BINARY, "text")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPayloadThatIsNotUtf8_orNotAnObjectWithAType_isMalformed() {
        byte[] notUtf8 = ByteBuffer.allocate(8).put((byte) 2).put((byte) 2).putInt(2).put((byte) 0xc3)
                .put((byte) 0x28).array();
        assertThatThrownBy(() -> reader(notUtf8).read()).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> Message.parse("[1]")).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> Message.parse("{\"type\":1}")).hasMessageContaining("no string member \"type\"");
        assertThatThrownBy(() -> Message.parse("{\"type\":\"x\"")).hasMessageContaining("frame is not JSON");
    }

    @Test
    void anEventFrame_isNotAControlMessage_whateverItsText() {
        Frame event = new Frame(FrameKind.EVENT, "{\"type\":\"end\"}");

        assertThatThrownBy(event::message).isInstanceOf(MalformedFrameException.class)
                .hasMessage("expected a control message, got a frame of kind EVENT (2)");
    }

    @Test
    void theWriter_refusesAPayloadOverTheLimit_andWritesNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(Channels.newChannel(bytes));
        assertThatThrownBy(() -> writer.send(FrameKind.EVENT, "x".repeat(Protocol.MAX_PAYLOAD + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over the limit");
        assertThatThrownBy(() -> writer.sendHandshake(Message.of("hello").with("x", "y".repeat(Protocol.MAX_PAYLOAD))))
                .hasMessageContaining("over the limit");
        assertThat(bytes.size()).isZero();
    }

    @Test
    void linesWrittenThroughALineWriter_becomeOneFrameEach_ofItsKind() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (FrameLineWriter lines = new FrameLineWriter(new FrameWriter(Channels.newChannel(bytes)),
                FrameKind.RECORDING_LINE)) {
            lines.write("{\"n\":1}\n{\"n\":2}\n{\"n\":");
            lines.write("3}");
        }

        FrameReader reader = reader(bytes.toByteArray());

        assertThat(reader.read()).isEqualTo(new Frame(FrameKind.RECORDING_LINE, "{\"n\":1}"));
        assertThat(reader.read()).isEqualTo(new Frame(FrameKind.RECORDING_LINE, "{\"n\":2}"));
        assertThat(reader.read()).isEqualTo(new Frame(FrameKind.RECORDING_LINE, "{\"n\":3}"));
        assertThat(reader.read()).isNull();
    }

    @Test
    void kinds_haveFixedCodes_andUnknownCodesNoKind() {
        assertThat(FrameKind.CONTROL.code()).isEqualTo(1);
        assertThat(FrameKind.EVENT.code()).isEqualTo(2);
        assertThat(FrameKind.RECORDING_LINE.code()).isEqualTo(3);
        assertThat(FrameKind.EVENT_BINARY.code()).isEqualTo(4);
        for (FrameKind kind : FrameKind.values()) {
            assertThat(FrameKind.of(kind.code())).isSameAs(kind);
        }
        assertThat(FrameKind.of(0)).isNull();
        assertThat(FrameKind.of(5)).isNull();
        assertThat(FrameKind.of(255)).isNull();
    }

    @Test
    void aMessage_refusesAMissingOrMistypedMemberByName() throws MalformedFrameException {
        Message message = Message.parse("{\"type\":\"trace\",\"limit\":\"five\",\"local\":1}");
        assertThatThrownBy(() -> message.whole("limit")).hasMessage("\"trace\" message: member \"limit\" must be a"
                + " whole number; got \"five\"");
        assertThatThrownBy(() -> message.flag("local", false)).hasMessageContaining("must be true or false; got 1");
        assertThatThrownBy(() -> message.string("pattern")).hasMessageContaining("got nothing");
        assertThat(message.whole("rateMax", 7)).isEqualTo(7);
    }

    static FrameReader reader(byte[] bytes) {
        return new FrameReader(Channels.newChannel(new ByteArrayInputStream(bytes)));
    }

    /** A frame of the handshake layout (version 1), or with another version byte. */
    static byte[] frame(int version, String json) {
        byte[] payload = utf8(json);
        return ByteBuffer.allocate(5 + payload.length).put((byte) version).putInt(payload.length).put(payload).array();
    }

    static byte[] typed(int kind, String text) {
        return typedBytes(kind, utf8(text));
    }

    private static byte[] typedBytes(int kind, byte[] payload) {
        return ByteBuffer.allocate(6 + payload.length).put((byte) 2).put((byte) kind).putInt(payload.length)
                .put(payload).array();
    }

    private static byte[] typedHeader(int kind, int length) {
        return ByteBuffer.allocate(6).put((byte) 2).put((byte) kind).putInt(length).array();
    }

    private static byte[] handshakeHeader(int length) {
        return ByteBuffer.allocate(5).put((byte) 1).putInt(length).array();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
