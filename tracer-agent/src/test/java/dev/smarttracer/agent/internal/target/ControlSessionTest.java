package dev.smarttracer.agent.internal.target;

import static org.assertj.core.api.Assertions.assertThat;

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
    void anUnknownRequest_namesTheKnownOnes() throws IOException {
        List<String> written = session(frames("{\"type\":\"hello\",\"protocol\":1}", "{\"type\":\"reboot\"}"))
                .written();

        assertThat(written.get(1)).contains("\"reason\":\"bad-request\"", "unknown request \\\"reboot\\\"", "trace",
                "playback", "status", "stop");
    }

    @Test
    void aMistypedMember_isNamed() throws IOException {
        List<String> written = session(frames("{\"type\":\"hello\",\"protocol\":1}",
                "{\"type\":\"trace\",\"pattern\":\"com.acme.Foo#bar\",\"limit\":\"five\"}")).written();

        assertThat(written.get(1)).contains("\"reason\":\"bad-request\"", "member \\\"limit\\\" must be a whole number");
    }

    @Test
    void playbackBeforeAnyTrace_isJustDone_withoutStartingTheEngine() throws IOException {
        List<String> written = session(frames("{\"type\":\"hello\",\"protocol\":1}", "{\"type\":\"playback\"}"))
                .written();

        assertThat(written).hasSize(2);
        assertThat(written.get(1)).isEqualTo("{\"type\":\"done\"}");
    }

    @Test
    void aClientThatSaysNothing_isClosedWhenItsTimeIsUp() throws Exception {
        try (SlowClient client = new SlowClient(false)) {
            ByteBuffer hello = ByteBuffer.allocate(5);
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

            client.session.expireIfDue(System.nanoTime() + ControlSession.WRITE_STALL.toNanos() + 1_000_000_000L);
            client.thread.join(10_000);

            assertThat(client.thread.isAlive()).as("the thread blocked in the write is released").isFalse();
            assertThat(closed).hasValue(1);
        }
    }

    private static boolean blockedInWrite(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getMethodName().equals("sendPayloads")) {
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

    /** Returns one garbage frame: random bytes, a cut frame, a lying length, bad JSON, a wrong version or bad UTF-8. */
    private static byte[] garbage(Random random, int i) {
        return switch (i % 7) {
            case 0 -> {
                byte[] bytes = new byte[1 + random.nextInt(64)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 1 -> ByteBuffer.allocate(9).put((byte) 1).putInt(1_000).put("{\"ty".getBytes(StandardCharsets.UTF_8))
                    .array();
            case 2 -> ByteBuffer.allocate(5).put((byte) 1)
                    .putInt(Protocol.MAX_PAYLOAD + 1 + random.nextInt(Integer.MAX_VALUE - Protocol.MAX_PAYLOAD - 1)).array();
            case 3 -> frame(1, "{\"type\":\"hello\",\"protocol\":");
            case 4 -> frame(2 + random.nextInt(250), "{\"type\":\"hello\",\"protocol\":1}");
            case 5 -> ByteBuffer.allocate(7).put((byte) 1).putInt(2).put((byte) 0xc3).put((byte) 0x28).array();
            default -> {
                byte[] hello = frame(1, "{\"type\":\"hello\",\"protocol\":1}");
                byte[] junk = new byte[1 + random.nextInt(32)];
                random.nextBytes(junk);
                yield ByteBuffer.allocate(hello.length + junk.length).put(hello).put(junk).array();
            }
        };
    }

    private static byte[] frames(String... texts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String text : texts) {
            bytes.writeBytes(frame(1, text));
        }
        return bytes.toByteArray();
    }

    private static byte[] frame(int version, String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + payload.length).put((byte) version).putInt(payload.length).put(payload).array();
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
