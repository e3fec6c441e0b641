package dev.smarttracer.agent.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameTest {

    @Test
    void aWrittenFrame_readsBackAsTheSameText_thenTheEndOfTheStream() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(Channels.newChannel(bytes));
        writer.send(Message.of("hello").with("protocol", 1).with("text", "é\u2028\"\n"));
        writer.send("{\"type\":\"CALL\"}");

        FrameReader reader = reader(bytes.toByteArray());

        assertThat(Message.parse(reader.read()).string("text")).isEqualTo("é\u2028\"\n");
        assertThat(reader.read()).isEqualTo("{\"type\":\"CALL\"}");
        assertThat(reader.read()).isNull();
        assertThat(bytes.toByteArray()[0]).as("the frame version byte").isEqualTo((byte) Protocol.FRAME_VERSION);
    }

    @Test
    void aBatch_isWrittenAsOneFramePerText_inOrder() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new FrameWriter(Channels.newChannel(bytes)).send(java.util.List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"));

        FrameReader reader = reader(bytes.toByteArray());

        assertThat(reader.read()).isEqualTo("{\"n\":1}");
        assertThat(reader.read()).isEqualTo("{\"n\":2}");
        assertThat(reader.read()).isEqualTo("{\"n\":3}");
        assertThat(reader.read()).isNull();
    }

    @Test
    void anotherFrameVersion_isRefusedByName() {
        assertThatThrownBy(() -> reader(frame(2, "{}")).read()).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("frame version 2 is not 1");
    }

    @Test
    void lengthsOutsideOneByteToOneMebibyte_areRefusedBeforeAnythingIsAllocated() {
        assertThatThrownBy(() -> reader(header(1, 0)).read()).hasMessageContaining("outside 1..1048576");
        assertThatThrownBy(() -> reader(header(1, Protocol.MAX_PAYLOAD + 1)).read())
                .hasMessageContaining("frame length 1048577 is outside");
        assertThatThrownBy(() -> reader(header(1, -1)).read()).hasMessageContaining("frame length 4294967295");
    }

    @Test
    void framesCutShort_areMalformed_notAnEndOfStream() {
        assertThatThrownBy(() -> reader(new byte[] {1, 0, 0}).read()).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("header cut short: 3 of 5");
        byte[] cut = ByteBuffer.allocate(7).put((byte) 1).putInt(100).put((byte) '{').put((byte) '"').array();
        assertThatThrownBy(() -> reader(cut).read()).hasMessageContaining("cut short: 2 of 100 bytes");
    }

    @Test
    void aPayloadThatIsNotUtf8_orNotAnObjectWithAType_isMalformed() {
        byte[] notUtf8 = ByteBuffer.allocate(7).put((byte) 1).putInt(2).put((byte) 0xc3).put((byte) 0x28).array();
        assertThatThrownBy(() -> reader(notUtf8).read()).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> Message.parse("[1]")).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> Message.parse("{\"type\":1}")).hasMessageContaining("no string member \"type\"");
        assertThatThrownBy(() -> Message.parse("{\"type\":\"x\"")).hasMessageContaining("frame is not JSON");
    }

    @Test
    void theWriter_refusesAPayloadOverTheLimit() {
        FrameWriter writer = new FrameWriter(Channels.newChannel(new ByteArrayOutputStream()));
        assertThatThrownBy(() -> writer.send("x".repeat(Protocol.MAX_PAYLOAD + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over the limit");
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

    static byte[] frame(int version, String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + payload.length).put((byte) version).putInt(payload.length).put(payload).array();
    }

    private static byte[] header(int version, int length) {
        return ByteBuffer.allocate(5).put((byte) version).putInt(length).array();
    }
}
