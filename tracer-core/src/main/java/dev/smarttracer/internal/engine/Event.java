package dev.smarttracer.internal.engine;

import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.ExceptionInfo;

/**
 * One event on its way from a traced thread to the dispatcher: snapshots and raw clock ticks,
 * turned into a {@link dev.smarttracer.recorder.Call} on the dispatcher thread.
 */
record Event(
        TraceSession session,
        Probe probe,
        CallType type,
        long callId,
        Object[] args,
        Object returnValue,
        ExceptionInfo exception,
        String threadName,
        long threadId,
        long ticks,
        long durationNanos) {
}
