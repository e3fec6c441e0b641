package dev.smarttracer.internal.engine;

import dev.smarttracer.bridge.v1.CallExit;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.ExceptionInfo;

/**
 * The exit of a call delivered to one or more traces that report returns. A chain: one link per
 * trace that delivered the call.
 *
 * <p>Runs on the traced thread when the method returns or throws, even after the trace finished
 * and the class was restored: its queue room was reserved when the call was delivered, so a
 * return is never lost.
 */
final class PendingCall implements CallExit {

    private final ProbeRouter router;
    private final TraceSession session;
    private final Probe probe;
    private final long callId;
    private final long startTicks;
    private final PendingCall next;

    PendingCall(ProbeRouter router, TraceSession session, Probe probe, long callId, long startTicks, PendingCall next) {
        this.router = router;
        this.session = session;
        this.probe = probe;
        this.callId = callId;
        this.startTicks = startTicks;
        this.next = next;
    }

    @Override
    public void exit(Object returned, Throwable thrown) {
        int[] mark = router.guard().mark();
        mark[0]++;
        try {
            Object value = thrown == null ? router.snapshotter().snapshot(returned) : null;
            ExceptionInfo exception = thrown == null ? null : router.snapshotter().exception(thrown);
            Thread thread = Thread.currentThread();
            for (PendingCall link = this; link != null; link = link.next) {
                long now = link.session.ticker().read();
                link.session.offer(new Event(link.session, link.probe,
                        thrown == null ? CallType.RETURN : CallType.EXCEPTION, link.callId, null, value,
                        exception, thread.getName(), thread.getId(), now, Math.max(0, now - link.startTicks)));
            }
        } finally {
            mark[0]--;
        }
    }
}
