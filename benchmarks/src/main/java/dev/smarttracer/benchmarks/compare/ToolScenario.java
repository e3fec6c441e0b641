package dev.smarttracer.benchmarks.compare;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Measures one tool in one fresh paced target JVM, in this order: (a) untraced; (b) the first
 * trace with returns, its budget lasting through its window, which starts {@code settle} seconds
 * after the first event; (f) the worst latency while it installs and after it ends, and the worst
 * second after the attach; (c) after the trace ended, and for a tool that needs one, after its own
 * restore command; (e) a second trace, already attached; (d) recording, and the heap it retains.
 */
final class ToolScenario {

    private static final double SLACK_SECONDS = 3;
    private static final long GRACE_MILLIS = 5_000;
    private static final long SECOND = 1_000_000_000L;

    private final Settings settings;
    private final Path home;
    private final RunLog log;

    /** @param home the targets' working directory and {@code user.home} */
    ToolScenario(Settings settings, Path home, RunLog log) {
        this.settings = settings;
        this.home = home;
        this.log = log;
    }

    /** Runs every step it can and returns what was measured; a failed step ends the scenario. */
    ScenarioResult run(Tool tool, Jdk jdk) {
        ScenarioResult.Builder r = new ScenarioResult.Builder();
        r.tool = tool.name();
        r.jdk = jdk;
        String name = "target-" + jdk.feature() + "-" + tool.name().split(" ")[0].toLowerCase();
        log.line("=== " + tool.name() + " on " + jdk.label());
        try (TargetJvm target = TargetJvm.start(jdk, settings.classPath(), settings.rate(), settings.threads(), home,
                name, log)) {
            try {
                measure(tool, target, r);
            } catch (Exception | AssertionError failure) {
                r.failure = failure.toString();
                log.line(tool.name() + " on " + jdk.label() + " stopped early: " + failure);
            }
        } catch (Exception failure) {
            r.failure = failure.toString();
            log.line(tool.name() + " on " + jdk.label() + " could not start its target: " + failure);
        }
        return r.build();
    }

    private void measure(Tool tool, TargetJvm target, ScenarioResult.Builder r) throws Exception {
        double window = settings.windowSeconds();
        Thread.sleep(Math.round(settings.warmupSeconds() * 1000));
        r.untraced = target.window("a", window);
        r.untracedWorstSecond = target.worstSecond(r.untraced.from(), r.untraced.to());
        log.line("(a) untraced: " + r.untraced);

        TraceRun first = tool.trace(target, settings.budgetFor(settings.settleSeconds() + window + SLACK_SECONDS));
        long started = first.awaitStarted(120_000);
        if (started < 0) {
            first.stop();
            r.first = first.finish();
            throw new IllegalStateException("no event within 120 s of the first trace: " + r.first.ending());
        }
        sleepUntil(started + Math.round(settings.settleSeconds() * SECOND));
        r.traced = target.window("b", window);
        boolean endedInWindow = first.awaitEnd(0);
        if (!tool.hasCallBudget()) {
            first.stop();
        } else if (!first.awaitEnd(Math.round(SLACK_SECONDS * 1000) + GRACE_MILLIS)) {
            first.stop();
        }
        r.first = first.finish();
        if (endedInWindow) {
            r.tracedEndedEarly = String.format("the trace ended %.1f s before its window did, after %,d calls (%s)",
                    (r.traced.to() - r.first.ended()) / 1e9, r.first.events(), r.first.ending());
        }
        log.line("(b) traced: " + r.traced + "; " + r.first);
        long firstEvent = r.first.firstEvent() >= 0 ? r.first.firstEvent() : started;
        r.installWorstLate = target.worstLate(first.startedNanos(), Math.max(firstEvent, started) + SECOND);
        r.worstSecondAfterAttach = target.worstSecond(first.startedNanos(), r.traced.to());
        Thread.sleep(2_000);
        r.removalWorstLate = target.worstLate(r.first.ended() - SECOND / 2, r.first.ended() + 2 * SECOND);

        r.after = target.window("c", window);
        log.line("(c) after: " + r.after);
        long restoreStart = System.nanoTime();
        Optional<String> restore = tool.restore(target);
        if (restore.isPresent()) {
            long restoreEnd = System.nanoTime();
            Thread.sleep(2_000);
            r.restoreCommand = restore.get();
            r.restoreWorstLate = target.worstLate(restoreStart, restoreEnd + 2 * SECOND);
            r.afterRestore = target.window("c2", window);
            log.line("(c) after " + restore.get() + ": " + r.afterRestore);
        }

        TraceRun second = tool.trace(target, settings.exactLimit());
        second.awaitStarted(60_000);
        if (!tool.hasCallBudget()) {
            Thread.sleep(2_000);
            second.stop();
        } else if (!second.awaitEnd(60_000)) {
            second.stop();
        }
        r.second = second.finish();
        log.line("(e) second trace: " + r.second);

        if (tool.records()) {
            Thread.sleep(1_000);
            r.heapBefore = target.heapAfterGc();
            TraceRun recording = tool.record(target, settings.budgetFor(window + SLACK_SECONDS));
            if (recording.awaitStarted(120_000) >= 0) {
                r.recording = target.window("d", window);
            }
            if (!recording.awaitEnd(Math.round(SLACK_SECONDS * 1000) + GRACE_MILLIS)) {
                recording.stop();
            }
            r.recorded = recording.finish();
            Thread.sleep(200);
            r.recordingCalls = target.callsBetween(recording.startedNanos(), r.recorded.ended());
            r.heapAfter = target.heapAfterGc();
            log.line("(d) recording: " + r.recording + "; " + r.recorded + "; heap " + r.heapBefore + " -> "
                    + r.heapAfter);
        }
        tool.detach(target);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
