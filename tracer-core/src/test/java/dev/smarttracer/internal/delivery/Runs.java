package dev.smarttracer.internal.delivery;

import dev.smarttracer.Trace;
import dev.smarttracer.TraceState;
import dev.smarttracer.recorder.StopReason;
import dev.smarttracer.recorder.TraceStats;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stand-ins for the engine's parts around delivery, so delivery is tested on its own. */
final class Runs {

    private Runs() {
    }

    /** A detacher for traces with no probe in the running code: it only marks them detached. */
    static Detacher markingDetacher() {
        return new Detacher() {
            @Override
            public void detach(TraceRun trace, long finishSeenNanos) {
                trace.markDetached(finishSeenNanos);
            }

            @Override
            public boolean restorePending() {
                return false;
            }

            @Override
            public void retryRestore() {
            }
        };
    }

    /** The trace a handler's {@code stopped} sees, read from a run. */
    static Trace view(TraceRun run) {
        return new Trace() {
            @Override
            public long id() {
                return run.id();
            }

            @Override
            public TraceState state() {
                return run.limiter().isOpen() ? TraceState.ACTIVE : TraceState.FINISHED;
            }

            @Override
            public StopReason stopReason() {
                return run.limiter().reason();
            }

            @Override
            public long delivered() {
                return run.lane().delivered();
            }

            @Override
            public boolean awaitDetached(Duration timeout) throws InterruptedException {
                return run.detached().await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public boolean awaitCompleted(Duration timeout) throws InterruptedException {
                return awaitDetached(timeout) && run.lane().completed().await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public TraceStats stats() {
                return run.lane().stats();
            }

            @Override
            public void close() {
                run.stop(StopReason.STOPPED);
            }
        };
    }
}
