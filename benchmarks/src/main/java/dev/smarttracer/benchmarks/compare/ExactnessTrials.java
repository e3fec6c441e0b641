package dev.smarttracer.benchmarks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Traces N calls again and again in one target whose workers call as fast as they can, and
 * counts the calls the tool reported each time.
 */
final class ExactnessTrials {

    private final Settings settings;
    private final Path home;
    private final RunLog log;

    ExactnessTrials(Settings settings, Path home, RunLog log) {
        this.settings = settings;
        this.home = home;
        this.log = log;
    }

    /**
     * Runs the trials.
     *
     * @return the calls reported in each trial, in order; fewer than asked if a trial failed
     */
    List<Long> run(Tool tool, Jdk jdk) {
        List<Long> reported = new ArrayList<>();
        log.line("=== exactness: " + tool.name() + " on " + jdk.label() + ", N = " + settings.exactLimit());
        String name = "target-" + jdk.feature() + "-" + tool.name().split(" ")[0].toLowerCase() + "-flat-out";
        try (TargetJvm target = TargetJvm.start(jdk, settings.classPath(), 0, settings.threads(), home, name, log)) {
            Thread.sleep(Math.round(Math.min(settings.warmupSeconds(), 5) * 1000));
            for (int i = 1; i <= settings.trials(); i++) {
                TraceRun run = tool.trace(target, settings.exactLimit());
                if (!run.awaitEnd(120_000)) {
                    run.stop();
                }
                Outcome outcome = run.finish();
                reported.add(outcome.events());
                log.line("trial " + i + ": " + outcome.events() + " calls reported; " + outcome.ending());
            }
            tool.detach(target);
        } catch (Exception failure) {
            log.line("exactness trials of " + tool.name() + " on " + jdk.label() + " stopped early: " + failure);
        }
        return reported;
    }
}
