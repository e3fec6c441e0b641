package dev.smarttracer.agent.internal.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.Trace;
import dev.smarttracer.TraceState;
import dev.smarttracer.agent.internal.protocol.FrameWriter;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.agent.internal.protocol.TraceRequest;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A remote trace's handler and writer, with the engine and the connection stood in for. */
class RemoteTraceTest {

    private final List<StopReason> stops = new ArrayList<>();
    private final List<Long> ended = new ArrayList<>();
    private final FakeTrace trace = new FakeTrace();
    private final ScriptedChannel channel = new ScriptedChannel(new byte[0]);
    private final RemoteTrace remote = new RemoteTrace(new TraceRequest("com.acme.Foo#bar", 3, false, false, false, 0,
            0, 0, false, 0), new Control(), new FrameWriter(channel));

    @Test
    void events_areSentInOrder_thenTheEndWithItsCounts() throws IOException {
        remote.started(trace);
        for (int i = 1; i <= 3; i++) {
            remote.handle(call(i, "x").withManyArgs(1));
        }
        trace.reason = StopReason.LIMIT_REACHED;
        remote.stopped(trace);

        remote.streamEvents();

        List<String> frames = channel.written();
        assertThat(frames).hasSize(4);
        assertThat(frames.subList(0, 3)).allMatch(frame -> frame.startsWith("{\"schema\":"));
        assertThat(frames.get(0)).contains("\"callId\":1");
        assertThat(frames.get(2)).contains("\"callId\":3");
        Message end = Message.parse(frames.get(3));
        assertThat(end.type()).isEqualTo("end");
        assertThat(end.string("reason")).isEqualTo("LIMIT_REACHED");
        assertThat(end.whole("lost")).isZero();
        assertThat(end.whole("detachNanos")).isEqualTo(7);
        assertThat(ended).containsExactly(1L);
    }

    @Test
    void anEventTooLargeForAFrame_isCountedAsLost_andTheOthersStillGo() throws IOException {
        remote.started(trace);
        remote.handle(call(1, "x").withManyArgs(1));
        remote.handle(call(2, "\u20ac".repeat(2_040)).withManyArgs(200));
        remote.handle(call(3, "x").withManyArgs(1));
        trace.reason = StopReason.LIMIT_REACHED;
        remote.stopped(trace);

        remote.streamEvents();

        List<String> frames = channel.written();
        assertThat(frames).hasSize(3);
        assertThat(Message.parse(frames.get(2)).whole("lost")).isOne();
    }

    @Test
    void afterTheClientIsGone_eventsAreDroppedAtOnce_andTheTraceStopsAsClientGone() throws IOException {
        remote.started(trace);
        remote.clientGone(false);
        remote.handle(call(1, "x").withManyArgs(1));
        remote.stopped(trace);

        remote.streamEvents();

        assertThat(stops).containsExactly(StopReason.CLIENT_GONE);
        assertThat(channel.written()).as("nothing is sent to a client that is gone").isEmpty();
    }

    private static Args call(long callId, String argument) {
        return new Args(callId, argument);
    }

    /** Builds a CALL event. */
    private record Args(long callId, String argument) {
        Call withManyArgs(int count) {
            List<Object> args = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                args.add(argument);
            }
            StringBuilder descriptor = new StringBuilder("(");
            descriptor.append("Ljava/lang/String;".repeat(count));
            return new Call(1, callId, CallType.CALL, "com.acme.Foo", "bar", descriptor + ")V", count, args, null, null,
                    "main", 1, Instant.EPOCH, 0);
        }
    }

    private final class Control implements RemoteTrace.TraceControl {
        @Override
        public void stop(Trace stopped, StopReason reason) {
            stops.add(reason);
        }

        @Override
        public long detachNanos(Trace detached) {
            return 7;
        }

        @Override
        public void ended(RemoteTrace which, Trace finished) {
            ended.add(finished.id());
        }

        @Override
        public void listen(Consumer<String> listener) {
        }

        @Override
        public void unlisten(Consumer<String> listener) {
        }
    }

    /** A finished trace as the engine reports it. */
    private static final class FakeTrace implements Trace {
        StopReason reason;

        @Override
        public long id() {
            return 1;
        }

        @Override
        public TraceState state() {
            return reason == null ? TraceState.ACTIVE : TraceState.FINISHED;
        }

        @Override
        public StopReason stopReason() {
            return reason;
        }

        @Override
        public long delivered() {
            return 3;
        }

        @Override
        public boolean awaitDetached(Duration timeout) {
            return true;
        }

        @Override
        public boolean awaitCompleted(Duration timeout) {
            return true;
        }

        @Override
        public TraceStats stats() {
            return new TraceStats(3, 0, 0, 0, 0, 0, 0);
        }

        @Override
        public void close() {
        }
    }
}
