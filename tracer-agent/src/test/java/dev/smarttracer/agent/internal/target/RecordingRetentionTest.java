package dev.smarttracer.agent.internal.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.internal.RecorderAccess;
import dev.smarttracer.recorder.internal.RecorderSecrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingRetentionTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Recorder recorder = Recorder.create();
    private final RecordingRetention retention = new RecordingRetention(recorder, clock, null);

    @Test
    void aRecording_isKeptItsRetentionTimeAfterItsTraceEnded_thenDropped() {
        record(1);
        record(2);
        retention.ended(1, Duration.ofHours(1));

        assertThat(retention.keptUntil(1)).contains(Instant.parse("2026-01-01T01:00:00Z"));
        assertThat(retention.keptUntil(2)).as("trace 2 still runs: kept while it does").isEmpty();

        clock.advance(Duration.ofMinutes(59));
        assertThat(retention.dropDue()).isZero();
        assertThat(recorder.recording(1)).isPresent();

        clock.advance(Duration.ofMinutes(1));
        assertThat(retention.dropDue()).isOne();
        assertThat(recorder.recordings()).extracting(r -> r.traceId()).containsExactly(2L);
        assertThat(retention.keptUntil(1)).isEmpty();
    }

    @Test
    void eachRecording_keepsItsOwnTime() {
        record(1);
        record(2);
        retention.ended(1, Duration.ofHours(2));
        clock.advance(Duration.ofMinutes(30));
        retention.ended(2, Duration.ofMinutes(1));

        clock.advance(Duration.ofMinutes(1));
        retention.dropDue();

        assertThat(recorder.recordings()).extracting(r -> r.traceId()).containsExactly(1L);
    }

    @Test
    void aRetentionOfZero_dropsAtOnce() {
        record(1);

        retention.ended(1, Duration.ZERO);

        assertThat(recorder.recordings()).isEmpty();
    }

    @Test
    void forgetAll_cancelsEveryScheduledDrop() {
        record(1);
        retention.ended(1, Duration.ofSeconds(1));

        retention.forgetAll();
        clock.advance(Duration.ofHours(1));

        assertThat(retention.dropDue()).isZero();
        assertThat(retention.keptUntil(1)).isEmpty();
    }

    @Test
    void theSweeperThread_dropsWhenDue_andExitsWhenNothingIsLeft() throws InterruptedException {
        Thread[] made = new Thread[1];
        RecordingRetention swept = new RecordingRetention(recorder, Clock.systemUTC(), task -> {
            made[0] = new Thread(task, "smarttracer-retention-test");
            made[0].setDaemon(true);
            return made[0];
        });
        record(1);

        swept.ended(1, Duration.ofMillis(1));
        made[0].join(10_000);

        assertThat(made[0].isAlive()).as("the sweeper exits once nothing is scheduled").isFalse();
        assertThat(recorder.recordings()).isEmpty();
    }

    @Test
    void recordings_showEachWithItsTime_andNeverOneJustDroppedAsKeptWithNoEnd() throws InterruptedException {
        record(1);
        record(2);
        retention.ended(1, Duration.ofHours(1));
        assertThat(retention.recordings()).extracting(kept -> kept.recording().traceId(), RecordingRetention.Kept::until)
                .containsExactly(tuple(1L, Instant.parse("2026-01-01T01:00:00Z")), tuple(2L, null));
        retention.forgetAll();
        recorder.clear();

        int count = 400;
        for (long id = 1; id <= count; id++) {
            record(id);
            retention.ended(id, Duration.ofHours(1));
        }
        clock.advance(Duration.ofHours(2));
        Thread dropper = new Thread(retention::dropDue, "retention-test-dropper");
        List<RecordingRetention.Kept> seen = new ArrayList<>();
        dropper.start();
        try {
            List<RecordingRetention.Kept> snapshot;
            do {
                snapshot = retention.recordings();
                seen.addAll(snapshot);
            } while (!snapshot.isEmpty());
        } finally {
            dropper.join(10_000);
        }
        assertThat(dropper.isAlive()).isFalse();
        assertThat(seen).as("a recording shown while the drops run is shown with its time")
                .allSatisfy(kept -> assertThat(kept.until()).isNotNull());
    }

    private void record(long traceId) {
        RecorderAccess access = RecorderSecrets.recorderAccess();
        access.record(recorder, new Call(traceId, 1, CallType.CALL, "com.acme.Foo", "bar", "()V", 0, List.of(), null,
                null, "main", 1, Instant.EPOCH, 0));
        if (traceId == 1) {
            access.finish(recorder, traceId, StopReason.LIMIT_REACHED, 0);
        }
    }

    /** A clock the test moves. */
    private static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
