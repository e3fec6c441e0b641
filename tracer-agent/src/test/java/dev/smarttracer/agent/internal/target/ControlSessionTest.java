package dev.smarttracer.agent.internal.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.agent.internal.protocol.Frame;
import dev.smarttracer.agent.internal.protocol.FrameKind;
import dev.smarttracer.agent.internal.protocol.FrameWriter;
import dev.smarttracer.agent.internal.protocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A session against whatever a client may send: garbage only ever closes its own connection,
 * with an error when one can still be sent, and costs nothing that stays.
 */
class ControlSessionTest {

    private final AttachAgent agent = new AttachAgent();
    private final AtomicInteger closed = new AtomicInteger();

    @Test
    void aHundredThousandGarbageFrames_eachCloseOnlyTheirConnection_andTheHeapDoesNotGrow() throws IOException {
        Random random = new Random(20261128);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 2_000; i++) {
            session(garbage(random, i));
        }
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        int frames = 100_000;
        int errors = 0;
        for (int i = 0; i < frames; i++) {
            ScriptedChannel channel = session(garbage(random, i));
            assertThat(channel.isOpen()).as("frame " + i + " closes its connection").isFalse();
            List<String> written = channel.written();
            assertThat(written.get(0)).as("the agent speaks first").contains("\"type\":\"hello\"");
            assertThat(written).as("frame " + i + ": hello, then at most an error").hasSizeLessThanOrEqualTo(2);
            if (written.size() == 2) {
                assertThat(written.get(1)).contains("\"type\":\"error\"");
                errors++;
            }
        }
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();

        assertThat(closed).as("every session ended and said so").hasValue(2_000 + frames);
        assertThat(errors).as("malformed frames are answered with an error").isGreaterThan(frames / 2);
        assertThat(after - before).as("heap bytes retained after 100,000 garbage frames").isLessThan(16L << 20);
    }

    @Test
    void aRequestBeforeTheClientsHello_isRefused() throws IOException {
        List<String> written = session(frames("{\"type\":\"status\"}")).written();

        assertThat(written).hasSize(2);
        assertThat(written.get(1)).contains("\"reason\":\"bad-request\"", "must answer the agent's hello");
    }

    @Test
    void aClientOfAnotherProtocolVersion_isToldBothVersions() throws IOException {
        List<String> written = session(frames("{\"type\":\"hello\",\"protocol\":9}")).written();

        assertThat(written.get(1)).contains("\"reason\":\"version\"", "control protocol " + Protocol.VERSION,
                "the client protocol 9");
    }

    @Test
    void aClientOfProtocol1_readsTheAgentsHelloAndRefusal_asItReadsFrames() throws IOException {
        // What the command line of protocol 1 does: frames of version byte 1, a length and JSON, no
        // kind; it answers the hello only if the protocol is its own, which a client that does not
        // check (a script, say) may not do.
        ScriptedChannel channel = session(frame(1, "{\"type\":\"hello\",\"protocol\":1,\"client\":\"old\"}"));

        List<String> read = readAsProtocol1(channel.bytes());

        assertThat(read).hasSize(2);
        assertThat(read.get(0)).contains("\"type\":\"hello\"", "\"protocol\":" + Protocol.VERSION, "\"agent\":",
                "\"pid\":", "\"startedMillis\":");
        assertThat(read.get(1)).contains("\"type\":\"error\"", "\"reason\":\"version\"", "this SmartTracer agent ("
                + Protocol.agentVersion() + ") speaks control protocol " + Protocol.VERSION + ", the client protocol 1;"
                + " use the smarttracer.jar of version " + Protocol.agentVersion() + " with this JVM");
    }

    @Test
    void afterTheHellos_theAgentWritesTypedFrames() throws IOException {
        ScriptedChannel channel = session(frames(hello(), "{\"type\":\"playback\"}"));

        byte[] bytes = channel.bytes();
        int second = 5 + ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(bytes[0]).as("the hello, in the handshake layout")
                .isEqualTo((byte) Protocol.HANDSHAKE_FRAME_VERSION);
        assertThat(bytes[second]).as("the answer, typed").isEqualTo((byte) Protocol.FRAME_VERSION);
        assertThat(bytes[second + 1]).isEqualTo((byte) FrameKind.CONTROL.code());
    }

    @Test
    void aClientFrameOfAnUnknownKind_isSkipped() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        sent.writeBytes(frame(1, hello()));
        sent.writeBytes(typed(42, "\u0000 whatever a later client adds"));
        sent.writeBytes(typed(FrameKind.CONTROL.code(), "{\"type\":\"playback\"}"));

        List<Frame> written = session(sent.toByteArray()).frames();

        assertThat(written).extracting(Frame::text).containsExactly(written.get(0).text(), "{\"type\":\"done\"}");
    }

    @Test
    void aClientThatSendsAnEvent_isRefused_forAClientSendsControlMessagesOnly() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        sent.writeBytes(frame(1, hello()));
        sent.writeBytes(typed(FrameKind.EVENT.code(), "{\"type\":\"playback\"}"));

        List<String> written = session(sent.toByteArray()).written();

        assertThat(written).hasSize(2);
        assertThat(written.get(1)).contains("\"reason\":\"bad-request\"",
                "expected a control message, got a frame of kind EVENT (2)");
    }

    @Test
    void anUnknownRequest_namesTheKnownOnes() throws IOException {
        List<String> written = session(frames(hello(), "{\"type\":\"reboot\"}")).written();

        assertThat(written.get(1)).contains("\"reason\":\"bad-request\"", "unknown request \\\"reboot\\\"", "trace",
                "playback", "status", "stop");
    }

    @Test
    void aMistypedMember_isNamed() throws IOException {
        List<String> written = session(frames(hello(),
                "{\"type\":\"trace\",\"pattern\":\"com.acme.Foo#bar\",\"limit\":\"five\"}")).written();

        assertThat(written.get(1)).contains("\"reason\":\"bad-request\"", "member \\\"limit\\\" must be a whole number");
    }

    @Test
    void playbackBeforeAnyTrace_isJustDone_withoutStartingTheEngine() throws IOException {
        List<String> written = session(frames(hello(), "{\"type\":\"playback\"}")).written();

        assertThat(written).hasSize(2);
        assertThat(written.get(1)).isEqualTo("{\"type\":\"done\"}");
    }

    @Test
    void aClientThatSaysNothing_isClosedWhenItsTimeIsUp() throws Exception {
        try (SlowClient client = new SlowClient(false)) {
            ByteBuffer hello = ByteBuffer.allocate(FrameWriter.HANDSHAKE_HEADER);
            while (hello.hasRemaining()) {
                client.fromAgent.source().read(hello);
            }
            client.session.expireIfDue(System.nanoTime());
            assertThat(client.thread.isAlive()).as("not yet due").isTrue();

            client.session.expireIfDue(System.nanoTime() + ControlSession.HELLO_TIMEOUT.toNanos() + 1_000_000_000L);
            client.thread.join(10_000);

            assertThat(client.thread.isAlive()).as("the session ended when its time was up").isFalse();
            assertThat(closed).hasValue(1);
        }
    }

    @Test
    void aClientThatStopsReading_isClosedAfterItsWriteMadeNoProgressForFiveSeconds() throws Exception {
        try (SlowClient client = new SlowClient(true)) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!blockedInWrite(client.thread) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(blockedInWrite(client.thread)).as("the agent's hello waits for the client to read").isTrue();
            client.session.expireIfDue(System.nanoTime() + ControlSession.WRITE_STALL.toNanos() / 2);
            assertThat(client.thread.isAlive()).as("a write stalled for less than the limit is left alone").isTrue();

            // Asked again until it acts: the thread may be in writeFrames but not yet have started
            // its write (and its stall clock) when the test first sees it there.
            long released = System.nanoTime() + 10_000_000_000L;
            do {
                client.session.expireIfDue(System.nanoTime() + ControlSession.WRITE_STALL.toNanos() + 1_000_000_000L);
                client.thread.join(10);
            } while (client.thread.isAlive() && System.nanoTime() < released);

            assertThat(client.thread.isAlive()).as("the thread blocked in the write is released").isFalse();
            assertThat(closed).hasValue(1);
        }
    }

    private static boolean blockedInWrite(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().endsWith(".FrameWriter") && frame.getMethodName().equals("writeFrames")) {
                return true;
            }
        }
        return false;
    }

    /** A session on its own thread whose client is a pair of pipes that nobody answers or reads. */
    private final class SlowClient implements AutoCloseable {
        final Pipe toAgent = Pipe.open();
        final Pipe fromAgent = Pipe.open();
        final ControlSession session;
        final Thread thread;

        /** @param full whether the client's side is full already, as after a flood of events it did not read */
        SlowClient(boolean full) throws IOException {
            if (full) {
                fromAgent.sink().configureBlocking(false);
                while (fromAgent.sink().write(ByteBuffer.allocate(4096)) > 0) {
                    // filling the pipe
                }
                fromAgent.sink().configureBlocking(true);
            }
            session = new ControlSession(new PipeChannel(toAgent.source(), fromAgent.sink()), agent,
                    "smarttracer-client-test", ended -> closed.incrementAndGet());
            thread = new Thread(session, "smarttracer-client-test");
            thread.start();
        }

        @Override
        public void close() throws Exception {
            session.close();
            thread.join(10_000);
            toAgent.sink().close();
            fromAgent.source().close();
        }
    }

    private ScriptedChannel session(byte[] sent) {
        ScriptedChannel channel = new ScriptedChannel(sent);
        new ControlSession(channel, agent, "smarttracer-client-test", ended -> closed.incrementAndGet()).run();
        return channel;
    }

    /**
     * Returns one garbage frame: random bytes, a cut frame, a lying length, bad JSON, a wrong
     * version or bad UTF-8, in either layout, or a good hello followed by junk or a bad request.
     */
    private static byte[] garbage(Random random, int i) {
        boolean typed = random.nextBoolean();
        return switch (i % 8) {
            case 0 -> {
                byte[] bytes = new byte[1 + random.nextInt(64)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 1 -> typed ? ByteBuffer.allocate(10).put((byte) 2).put((byte) 1).putInt(1_000)
                    .put("{\"ty".getBytes(StandardCharsets.UTF_8)).array()
                    : ByteBuffer.allocate(9).put((byte) 1).putInt(1_000).put("{\"ty".getBytes(StandardCharsets.UTF_8))
                    .array();
            case 2 -> {
                int length = Protocol.MAX_PAYLOAD + 1 + random.nextInt(Integer.MAX_VALUE - Protocol.MAX_PAYLOAD - 1);
                yield typed ? ByteBuffer.allocate(6).put((byte) 2).put((byte) random.nextInt(256)).putInt(length)
                        .array()
                        : ByteBuffer.allocate(5).put((byte) 1).putInt(length).array();
            }
            case 3 -> typed ? typed(1, "{\"type\":\"hello\",\"protocol\":")
                    : frame(1, "{\"type\":\"hello\",\"protocol\":");
            case 4 -> frame(3 + random.nextInt(253), hello());
            case 5 -> typed ? ByteBuffer.allocate(8).put((byte) 2).put((byte) 1).putInt(2).put((byte) 0xc3)
                    .put((byte) 0x28).array()
                    : ByteBuffer.allocate(7).put((byte) 1).putInt(2).put((byte) 0xc3).put((byte) 0x28).array();
            case 6 -> {
                byte[] hello = frame(1, hello());
                byte[] junk = new byte[1 + random.nextInt(32)];
                random.nextBytes(junk);
                yield ByteBuffer.allocate(hello.length + junk.length).put(hello).put(junk).array();
            }
            default -> {
                byte[] hello = frame(1, hello());
                byte[] request = typed(1, "{\"type\":\"trace\",\"pattern\":" + random.nextInt() + "}");
                yield ByteBuffer.allocate(hello.length + request.length).put(hello).put(request).array();
            }
        };
    }

    private static String hello() {
        return "{\"type\":\"hello\",\"protocol\":" + Protocol.VERSION + "}";
    }

    /** Returns a client's first text in the handshake layout, each other as a typed control frame. */
    private static byte[] frames(String... texts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < texts.length; i++) {
            bytes.writeBytes(i == 0 ? frame(1, texts[i]) : typed(FrameKind.CONTROL.code(), texts[i]));
        }
        return bytes.toByteArray();
    }

    private static byte[] frame(int version, String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + payload.length).put((byte) version).putInt(payload.length).put(payload).array();
    }

    private static byte[] typed(int kind, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(6 + payload.length).put((byte) 2).put((byte) kind).putInt(payload.length)
                .put(payload).array();
    }

    /** Reads frames as a client of protocol 1 does: version byte 1, a length, the text; anything else is garbage. */
    private static List<String> readAsProtocol1(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<String> texts = new java.util.ArrayList<>();
        while (in.hasRemaining()) {
            assertThat(in.get()).as("frame version, as protocol 1 checks it").isEqualTo((byte) 1);
            byte[] payload = new byte[in.getInt()];
            in.get(payload);
            texts.add(new String(payload, StandardCharsets.UTF_8));
        }
        return texts;
    }

    /** A connection made of two pipes, for a session whose client is slow. */
    private record PipeChannel(ReadableByteChannel in, WritableByteChannel out) implements java.nio.channels.ByteChannel {
        @Override
        public int read(ByteBuffer destination) throws IOException {
            return in.read(destination);
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            return out.write(source);
        }

        @Override
        public boolean isOpen() {
            return in.isOpen();
        }

        @Override
        public void close() throws IOException {
            in.close();
            out.close();
        }
    }
}
