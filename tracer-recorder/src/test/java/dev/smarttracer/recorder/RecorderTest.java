package dev.smarttracer.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smarttracer.recorder.internal.CallSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecorderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Call call(long trace, long id, String arg) {
        return new Call(trace, id, CallType.CALL, "com.acme.Foo", "bar", "(Ljava/lang/String;)Ljava/lang/String;", 1,
                List.of(arg), null, null, "main", 1, T0.plusNanos(trace * 1_000_000_000 + id * 1_000_000), 0);
    }

    static Call ret(long trace, long id, String value, long nanos) {
        return new Call(trace, id, CallType.RETURN, "com.acme.Foo", "bar", "(Ljava/lang/String;)Ljava/lang/String;", 1,
                List.of(), value, null, "main", 1, T0.plusNanos(trace * 1_000_000_000 + id * 1_000_000).plusNanos(nanos), nanos);
    }

    @Test
    void playback_byTraceAndAll_oldestFirst_andAReturnFollowsItsCall() {
        Recorder recorder = Recorder.create();
        recorder.record(call(1, 1, "a"));
        recorder.record(call(2, 1, "x"));
        recorder.record(ret(1, 1, "A", 10));
        recorder.record(call(1, 2, "b"));
        recorder.finish(1, StopReason.LIMIT_REACHED, 0);

        assertThat(recorder.playback(1)).extracting(Call::type, Call::callId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CallType.CALL, 1L),
                org.assertj.core.groups.Tuple.tuple(CallType.RETURN, 1L),
                org.assertj.core.groups.Tuple.tuple(CallType.CALL, 2L));
        assertThat(recorder.playback()).extracting(Call::traceId).containsExactly(1L, 1L, 1L, 2L);
        assertThat(recorder.playbackWhere(c -> c.traceId() == 2)).hasSize(1);
        assertThat(recorder.recording(1).orElseThrow().stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(recorder.recording(2).orElseThrow().stopReason()).isNull();
        List<Call> fed = new ArrayList<>();
        recorder.playback(fed::add);
        assertThat(fed).isEqualTo(recorder.playback());
    }

    @Test
    void finish_keepsTheTypedReasonAndTheLostEvents_evenOfATraceThatRecordedNothing() {
        Recorder recorder = Recorder.create();
        recorder.record(call(4, 1, "a"));
        recorder.finish(4, StopReason.OVERLOAD, 3);
        recorder.finish(5, StopReason.TIMEOUT, 0);

        Recording overloaded = recorder.recording(4).orElseThrow();
        assertThat(overloaded.stopReason()).isSameAs(StopReason.OVERLOAD);
        assertThat(overloaded.lostEvents()).isEqualTo(3);
        assertThat(recorder.recording(5).orElseThrow()).isEqualTo(new Recording(5, List.of(), 0, 0, StopReason.TIMEOUT));
        assertThatThrownBy(() -> recorder.finish(6, StopReason.STOPPED, -1))
                .hasMessageContaining("lostEvents must be 0 or more; got -1");
        assertThatThrownBy(() -> new Recording(6, List.of(), 0, -2, null))
                .hasMessageContaining("droppedEvents and lostEvents must be 0 or more; got 0 and -2");
    }

    @Test
    void clear_discardsAllOrOneTrace() {
        Recorder recorder = Recorder.create();
        recorder.record(call(1, 1, "a"));
        recorder.record(call(2, 1, "b"));
        assertThat(recorder.clear(1)).isTrue();
        assertThat(recorder.clear(1)).isFalse();
        assertThat(recorder.playback()).extracting(Call::traceId).containsExactly(2L);
        assertThat(recorder.size()).isEqualTo(1);
        recorder.clear();
        assertThat(recorder.playback()).isEmpty();
        assertThat(recorder.bytes()).isZero();
    }

    @Test
    void eventBound_evictsWholeOldestRecordingsFirst_neverTheOneBeingWritten() {
        Recorder recorder = Recorder.create(10, Recorder.DEFAULT_MAX_BYTES);
        for (int id = 1; id <= 4; id++) {
            recorder.record(call(1, id, "old"));
        }
        for (int id = 1; id <= 4; id++) {
            recorder.record(call(2, id, "middle"));
        }
        for (int id = 1; id <= 3; id++) {
            recorder.record(call(3, id, "new"));
        }
        assertThat(recorder.recording(1).orElseThrow().calls()).as("trace 1 evicted whole").isEmpty();
        assertThat(recorder.recording(1).orElseThrow().droppedEvents()).isEqualTo(4);
        assertThat(recorder.playback(2)).hasSize(4);
        assertThat(recorder.playback(3)).hasSize(3);
        assertThat(recorder.size()).isEqualTo(7);
        assertThat(recorder.droppedEvents()).isEqualTo(4);
    }

    @Test
    void oversizedRecording_dropsItsOwnOldestEvents_andCountsThem() {
        Recorder recorder = Recorder.create(5, Recorder.DEFAULT_MAX_BYTES);
        for (int id = 1; id <= 12; id++) {
            recorder.record(call(7, id, "e" + id));
        }
        Recording recording = recorder.recording(7).orElseThrow();
        assertThat(recording.calls()).extracting(Call::callId).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(recording.droppedEvents()).isEqualTo(7);
        assertThat(recorder.droppedEvents()).isEqualTo(7);
    }

    @Test
    void byteBound_keepsTheEstimateUnderTheBound() {
        long bound = 64 * 1024;
        Recorder recorder = Recorder.create(Long.MAX_VALUE, bound);
        String kilobyte = "k".repeat(1024);
        long each = CallSize.of(call(1, 1, kilobyte));
        for (int id = 1; id <= 1_000; id++) {
            recorder.record(call(1, id, kilobyte));
            assertThat(recorder.bytes()).isLessThanOrEqualTo(bound);
        }
        assertThat(recorder.size()).isEqualTo(bound / each);
        assertThat(recorder.droppedEvents()).isEqualTo(1_000 - bound / each);
    }

    @Test
    void anEvictedTraceThatRecordsAgain_stillCountsWhatItLost() {
        Recorder recorder = Recorder.create(2, Recorder.DEFAULT_MAX_BYTES);
        recorder.record(call(1, 1, "a"));
        recorder.record(call(2, 1, "b"));
        recorder.record(call(2, 2, "c"));
        recorder.record(call(1, 2, "d"));
        assertThat(recorder.recording(1).orElseThrow().droppedEvents()).isEqualTo(1);
    }

    @Test
    void stats_fromARecording_areExact() {
        Recorder recorder = Recorder.create();
        for (int id = 1; id <= 100; id++) {
            recorder.record(call(3, id, "x"));
            recorder.record(ret(3, id, "y", id * 1_000L));
        }
        assertThat(recorder.stats(3)).isEqualTo(new TraceStats(100, 100, 0, 1_000, 50_000, 99_000, 100_000, 0));
        recorder.finish(3, StopReason.OVERLOAD, 7);
        assertThat(recorder.stats(3)).isEqualTo(new TraceStats(100, 100, 0, 1_000, 50_000, 99_000, 100_000, 7));
        assertThat(recorder.recording(3).orElseThrow().stats().lost()).isEqualTo(7);
        assertThat(recorder.stats(99)).isEqualTo(TraceStats.EMPTY);
    }

    @Test
    void badBounds_areRefused() {
        assertThatThrownBy(() -> Recorder.create(0, Recorder.DEFAULT_MAX_BYTES))
                .hasMessageContaining("maxEvents must be at least 1; got 0");
        assertThatThrownBy(() -> Recorder.create(10, 1_000)).hasMessageContaining("maxBytes must be at least");
    }
}
