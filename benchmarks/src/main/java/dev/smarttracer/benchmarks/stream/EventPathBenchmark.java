package dev.smarttracer.benchmarks.stream;

import dev.smarttracer.agent.internal.protocol.EventCodec;
import dev.smarttracer.agent.internal.protocol.FrameKind;
import dev.smarttracer.agent.internal.protocol.FrameReader;
import dev.smarttracer.agent.internal.protocol.FrameWriter;
import dev.smarttracer.agent.internal.protocol.MalformedFrameException;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallFormatter;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.internal.JsonLine;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one streamed event costs outside the calling thread, per step, for the call and the return
 * of {@code Greeter.greet(String)} that the side-by-side comparison traces:
 *
 * <ul>
 *   <li>in the target: encoding, as a JSON line (the encoding before binary events) and in the
 *       binary encoding, by one encoder per event and by the encoder a trace keeps; and writing a
 *       block of 512 binary events' frames, laid out as the outbox holds them, to a pipe, which a
 *       thread of its own drains (the figure is per event);
 *   <li>in the command line: reading those frames back, and decoding and printing an event as a
 *       person reads it, from its JSON line and from its binary encoding.
 * </ul>
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar EventPathBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class EventPathBenchmark {

    /** Events per batch, as the agent's writer takes them. */
    static final int BATCH = 512;

    private final Call call = new Call(3, 81_234, CallType.CALL, "com.acme.greeting.Greeter", "greet",
            "(Ljava/lang/String;)Ljava/lang/String;", 1, List.of("guest-4085"), null, null, "greeting-worker-1", 31,
            Instant.parse("2026-12-07T16:26:12.123456789Z"), 0);
    private final Call back = new Call(3, 81_234, CallType.RETURN, "com.acme.greeting.Greeter", "greet",
            "(Ljava/lang/String;)Ljava/lang/String;", 1, List.of(), "Hello, guest-4085!", null, "greeting-worker-1",
            31, Instant.parse("2026-12-07T16:26:12.123457612Z"), 823);
    private EventCodec.Encoder encoder;
    private String callLine;
    private byte[] callBytes;
    private List<byte[]> batch;
    private byte[] framed;
    private PrintStream printed;
    private Pipe pipe;
    private FrameWriter writer;
    private Thread drain;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        encoder = new EventCodec.Encoder();
        callLine = JsonLine.write(call);
        callBytes = EventCodec.encode(call);
        batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(EventCodec.encode(i % 2 == 0 ? call : back));
        }
        // The frames laid out one after another, as the agent's outbox holds them.
        byte[] frames = new byte[BATCH * (FrameWriter.HEADER + callBytes.length + 64)];
        int at = 0;
        for (byte[] payload : batch) {
            FrameWriter.putHeader(frames, at, FrameKind.EVENT_BINARY, payload.length);
            System.arraycopy(payload, 0, frames, at + FrameWriter.HEADER, payload.length);
            at += FrameWriter.HEADER + payload.length;
        }
        framed = Arrays.copyOf(frames, at);
        // As the command line prints: a buffered stream of its own over the output, here one that keeps nothing.
        printed = new PrintStream(new BufferedOutputStream(OutputStream.nullOutputStream(), 64 * 1024), false,
                StandardCharsets.UTF_8);
        pipe = Pipe.open();
        writer = new FrameWriter(pipe.sink());
        drain = new Thread(() -> {
            ByteBuffer into = ByteBuffer.allocateDirect(256 * 1024);
            try {
                while (pipe.source().read(into.clear()) >= 0) {
                    // read and forgotten, as fast as the pipe gives it
                }
            } catch (IOException closed) {
                // the trial is over
            }
        }, "event-path-drain");
        drain.setDaemon(true);
        drain.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        pipe.sink().close();
        drain.join(10_000);
        pipe.source().close();
    }

    @Benchmark
    public byte[] encodeJsonLine() {
        return JsonLine.write(call).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] encodeBinaryEach() {
        return EventCodec.encode(call);
    }

    @Benchmark
    public byte[] encodeBinaryKeptEncoder() {
        return encoder.encode(call);
    }

    /** A block of 512 events' frames written, as the agent's writer does; divide by 512 for an event. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void writeBatch() throws IOException {
        writer.sendFramed(framed, framed.length);
    }

    /** A batch of 512 frames read back; divide by 512 for an event. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int readBatch() throws IOException {
        FrameReader reader = new FrameReader(Channels.newChannel(new java.io.ByteArrayInputStream(framed)));
        int bytes = 0;
        for (int i = 0; i < BATCH; i++) {
            bytes += reader.read().bytes().length;
        }
        return bytes;
    }

    @Benchmark
    public void decodeAndPrintJsonLine() {
        printed.println(CallFormatter.describeWithStack((Call) JsonLine.read(callLine)));
    }

    @Benchmark
    public void decodeAndPrintBinary() throws MalformedFrameException {
        printed.println(CallFormatter.describeWithStack(EventCodec.decode(callBytes)));
    }
}
