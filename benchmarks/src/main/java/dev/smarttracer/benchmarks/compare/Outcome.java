package dev.smarttracer.benchmarks.compare;

/**
 * What a trace reported once it was over.
 *
 * @param started when its command was started ({@link System#nanoTime()})
 * @param events calls reported (events of a call and its return count once)
 * @param firstEvent when its first event happened or was shown, or -1 if none came
 * @param ended when it ended: its client exited, or the stop command returned
 * @param ending the tool's last words about it (its summary line, or how it was stopped)
 */
record Outcome(long started, long events, long firstEvent, long ended, String ending) {

    /** Returns the milliseconds from the command's start to the first event, or NaN if none came. */
    double millisToFirstEvent() {
        return firstEvent < 0 ? Double.NaN : (firstEvent - started) / 1e6;
    }
}
