package dev.smarttracer.benchmarks.compare;

/**
 * Everything measured for one tool in one paced target JVM, in the order it was measured; a part
 * that was not measured is null (or NaN), and {@code failure} says why the scenario stopped early.
 *
 * @param tool the tool's name
 * @param jdk the target's JDK
 * @param untraced (a) before any tool came near the target
 * @param untracedWorstSecond the lowest 1 s throughput in (a), calls/s
 * @param traced (b) while tracing with returns
 * @param first the first trace: its budget's outcome, time to its first event (e, first attach)
 * @param tracedEndedEarly why (b) holds calls that were not traced, or null
 * @param installWorstLate (f) the longest time from a call's schedule to its end, from the command's start
 *     until 1 s after the first event, ns
 * @param worstSecondAfterAttach (f) the lowest 1 s throughput from the command's start until the end of (b)
 * @param removalWorstLate (f) the same as {@code installWorstLate}, around the trace's end, ns
 * @param after (c) once the trace ended
 * @param restoreCommand the tool's own command to remove its instrumentation, or null
 * @param restoreWorstLate (f) around that command, ns
 * @param afterRestore (c) after that command
 * @param second a second trace of {@code exactLimit} calls in the same target (e, already attached)
 * @param recording (d) while recording
 * @param recorded the recording's outcome
 * @param recordingCalls the calls the target made from the recording's start to its end
 * @param heapBefore the target's heap after full collections before the recording, bytes
 * @param heapAfter the same after the recording ended
 * @param failure what went wrong, or null
 */
record ScenarioResult(String tool, Jdk jdk, Window untraced, double untracedWorstSecond, Window traced,
        Outcome first, String tracedEndedEarly, long installWorstLate, double worstSecondAfterAttach,
        long removalWorstLate, Window after, String restoreCommand, long restoreWorstLate, Window afterRestore,
        Outcome second, Window recording, Outcome recorded, long recordingCalls, long heapBefore, long heapAfter, String failure) {

    /** Collects a scenario's figures as they are measured. */
    static final class Builder {
        String tool;
        Jdk jdk;
        Window untraced;
        double untracedWorstSecond = Double.NaN;
        Window traced;
        Outcome first;
        String tracedEndedEarly;
        long installWorstLate = -1;
        double worstSecondAfterAttach = Double.NaN;
        long removalWorstLate = -1;
        Window after;
        String restoreCommand;
        long restoreWorstLate = -1;
        Window afterRestore;
        Outcome second;
        Window recording;
        Outcome recorded;
        long recordingCalls = -1;
        long heapBefore = -1;
        long heapAfter = -1;
        String failure;

        ScenarioResult build() {
            return new ScenarioResult(tool, jdk, untraced, untracedWorstSecond, traced, first, tracedEndedEarly,
                    installWorstLate, worstSecondAfterAttach, removalWorstLate, after, restoreCommand,
                    restoreWorstLate, afterRestore, second, recording, recorded, recordingCalls, heapBefore, heapAfter, failure);
        }
    }
}
