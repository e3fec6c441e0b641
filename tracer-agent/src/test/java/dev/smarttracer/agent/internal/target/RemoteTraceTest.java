package dev.smarttracer.agent.internal.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smarttracer.Trace;
import dev.smarttracer.TraceState;
import dev.smarttracer.agent.internal.protocol.Frame;
import dev.smarttracer.agent.internal.protocol.FrameKind;
import dev.smarttracer.agent.internal.protocol.FrameWriter;
import dev.smarttracer.agent.internal.protocol.Message;
import dev.smarttracer.agent.internal.protocol.TraceRequest;
import dev.smarttracer.internal.delivery.Limiter;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A remote trace's handler and writer, with the engine and the connection stood in for. */
class RemoteTraceTest {

    private final List<StopReason> stops = new ArrayList<>();
    private final List<Long> ended = new ArrayList<>();
    private final FakeTrace trace = new FakeTrace();
    private final ScriptedChannel channel = new ScriptedChannel(new byte[0]);
    private final OutboxBudget budget = new OutboxBudget(OutboxBudget.MIN_BYTES);
    private final List<RemoteTrace> unsent = new ArrayList<>();
    private final RemoteTrace remote = remote(new FrameWriter(channel));
    private Consumer<String> warnings = line -> {
    };
    private TraceEngine.QueueRoom queueRoom;

    @Test
    void events_areSentInOrder_thenTheEndWithItsCounts() throws IOException {
        remote.started(trace);
        for (int i = 1; i <= 3; i++) {
            remote.handle(call(i, "x").withManyArgs(1));
        }
        trace.reason = StopReason.LIMIT_REACHED;
        remote.stopped(trace);

        remote.streamEvents();

        List<Frame> frames = channel.frames();
        assertThat(frames).extracting(Frame::kind).containsExactly(FrameKind.EVENT, FrameKind.EVENT, FrameKind.EVENT,
                FrameKind.CONTROL);
        assertThat(frames.get(0).text()).startsWith("{\"schema\":").contains("\"callId\":1");
        assertThat(frames.get(2).text()).contains("\"callId\":3");
        Message end = frames.get(3).message();
        assertThat(end.type()).isEqualTo("end");
        assertThat(end.string("reason")).isEqualTo("LIMIT_REACHED");
        assertThat(end.whole("lost")).isZero();
        assertThat(end.whole("detachNanos")).isEqualTo(7);
        assertThat(end.stringOrNull("overload")).as("only an overloaded trace says what filled").isNull();
        assertThat(ended).containsExactly(1L);
    }

    @Test
    void aWarningBetweenEvents_goesAsAControlMessage_inItsPlace() throws IOException {
        remote.started(trace);
        remote.handle(call(1, "x").withManyArgs(1));
        remote.handle(call(2, "x").withManyArgs(1));
        warnings.accept("class com.acme.Foo could not be restored");
        remote.handle(call(3, "x").withManyArgs(1));
        trace.reason = StopReason.LIMIT_REACHED;
        remote.stopped(trace);

        remote.streamEvents();

        List<Frame> frames = channel.frames();
        assertThat(frames).extracting(Frame::kind).containsExactly(FrameKind.EVENT, FrameKind.EVENT,
                FrameKind.CONTROL, FrameKind.EVENT, FrameKind.CONTROL);
        assertThat(frames.get(2).message().type()).isEqualTo("warning");
        assertThat(frames.get(2).message().string("message")).isEqualTo("class com.acme.Foo could not be restored");
        assertThat(frames.get(3).text()).contains("\"callId\":3");
        assertThat(frames.get(4).message().whole("lost")).isZero();
        assertThat(budget.used()).as("everything sent was given back").isZero();
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

        List<Frame> frames = channel.frames();
        assertThat(frames).hasSize(3);
        assertThat(frames.get(2).message().whole("lost")).isOne();
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

    @Test
    void aClientThatDoesNotRead_holdsNoMoreThanTheBudget_andEndsOverloaded_withWhatWaitedCountedAtOnce()
            throws Exception {
        remote.started(trace);
        budget.join(remote);
        long sent = 0;
        while (stops.isEmpty() && sent < 100_000) {
            remote.handle(call(++sent, "y".repeat(1_000)).withManyArgs(1));
            assertThat(budget.used()).isLessThanOrEqualTo(budget.limit());
        }

        assertThat(stops).as("the trace ends as soon as the budget is full").containsExactly(StopReason.OVERLOAD);
        assertThat(sent).isLessThan(3_000);
        assertThat(budget.used()).as("what waited is given back at once, not when the client goes").isZero();
        assertThat(budget.peak()).as("the most held at once").isPositive().isLessThanOrEqualTo(budget.limit());
        assertThat(remote.held()).isZero();
        remote.handle(call(++sent, "late").withManyArgs(1));
        assertThat(budget.used()).as("later events are dropped on arrival").isZero();

        trace.reason = StopReason.OVERLOAD;
        remote.stopped(trace);
        remote.streamEvents();
        Message end = channel.frames().get(channel.frames().size() - 1).message();
        assertThat(end.string("reason")).isEqualTo("OVERLOAD");
        assertThat(end.whole("lost")).as("every event that did not go is counted").isEqualTo(sent);
        assertThat(end.stringOrNull("overload")).as("what filled: the agent's budget").isEqualTo("budget");
        assertThat(end.whole("overloadBound")).isEqualTo(budget.limit());
    }

    @Test
    void aTraceWhoseQueueFilled_saysWhichBound() throws Exception {
        remote.started(trace);
        queueRoom = new TraceEngine.QueueRoom(0, 100_000, 0, 64L << 20, Limiter.Bound.BYTES);
        trace.reason = StopReason.OVERLOAD;
        remote.stopped(trace);
        remote.streamEvents();
        Message end = channel.frames().get(channel.frames().size() - 1).message();
        assertThat(end.stringOrNull("overload")).isEqualTo("bytes");
        assertThat(end.whole("overloadBound")).isEqualTo(64L << 20);
    }

    @Test
    void whenTheBudgetIsFull_theTraceAboveItsShareIsOverloaded_notTheOneAskingForItsShare() {
        RemoteTrace stalled = remote(new FrameWriter(new ScriptedChannel(new byte[0])));
        FakeTrace stalledTrace = new FakeTrace();
        stalled.started(stalledTrace);
        budget.join(stalled);
        remote.started(trace);
        budget.join(remote);
        long callId = 0;
        while (stops.isEmpty()) {
            stalled.handle(call(++callId, "z".repeat(1_000)).withManyArgs(1));
            if (budget.used() > budget.limit() * 3 / 4) {
                break;
            }
        }
        assertThat(stops).isEmpty();

        for (int i = 0; i < 1_000 && stops.isEmpty(); i++) {
            remote.handle(call(i + 1, "w".repeat(1_000)).withManyArgs(1));
        }

        assertThat(stalled.held()).as("the trace holding more than its share gave everything back").isZero();
        assertThat(remote.held()).isPositive();
        assertThat(stops).as("one stop, the stalled trace's (both report to the same control)")
                .containsExactly(StopReason.OVERLOAD);
        assertThat(budget.used()).isEqualTo(remote.held());
    }

    @Test
    void aTraceSharesTheBudgetFromItsStart_beforeItsWriterRuns_soAStoppedTraceGivesWay() {
        RemoteTrace stalled = remote(new FrameWriter(new ScriptedChannel(new byte[0])));
        stalled.started(new FakeTrace());
        long callId = 0;
        while (budget.used() < budget.limit() * 3 / 4) {
            stalled.handle(call(++callId, "z".repeat(1_000)).withManyArgs(1));
        }
        RemoteTrace fresh = remote(new FrameWriter(new ScriptedChannel(new byte[0])));
        fresh.started(trace);

        for (int i = 0; i < 1_000 && stops.isEmpty(); i++) {
            fresh.handle(call(i + 1, "w".repeat(1_000)).withManyArgs(1));
        }

        assertThat(stalled.held()).as("the trace above its share gave way, no writer running for either").isZero();
        assertThat(fresh.held()).isPositive();
        assertThat(stops).containsExactly(StopReason.OVERLOAD);
    }

    @Test
    void aWriterThatEndsWithoutSendingTheEnd_givesEverythingBack_andLeavesTheSummaryWithTheAgent() throws Exception {
        ScriptedChannel broken = new ScriptedChannel(new byte[0]);
        broken.close();
        RemoteTrace cut = remote(new FrameWriter(broken));
        cut.started(trace);
        cut.handle(call(1, "x").withManyArgs(1));
        assertThat(budget.used()).isPositive();

        assertThatThrownBy(cut::streamEvents).isInstanceOf(IOException.class);

        assertThat(budget.used()).isZero();
        assertThat(unsent).containsExactly(cut);
        cut.handle(call(2, "x").withManyArgs(1));
        assertThat(budget.used()).as("events after the writer ended are dropped on arrival").isZero();
    }

    private RemoteTrace remote(FrameWriter writer) {
        return new RemoteTrace(new TraceRequest("com.acme.Foo#bar", 3, false, false, false, 0, 0, 0, false, 0, null, false, false),
                new Control(), writer, budget, false);
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
        public Optional<TraceEngine.QueueRoom> queueRoom(Trace which) {
            return Optional.ofNullable(queueRoom);
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
            warnings = listener;
        }

        @Override
        public void unlisten(Consumer<String> listener) {
        }

        @Override
        public void endUnsent(RemoteTrace which) {
            unsent.add(which);
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
