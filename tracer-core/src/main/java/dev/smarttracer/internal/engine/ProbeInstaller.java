package dev.smarttracer.internal.engine;

import dev.smarttracer.internal.delivery.Detacher;
import dev.smarttracer.internal.delivery.Probe;
import dev.smarttracer.internal.delivery.TraceRun;
import dev.smarttracer.internal.probe.ProbeTable;
import dev.smarttracer.internal.reentry.ReentryGuard.Inside;
import dev.smarttracer.internal.reentry.ReentryGuard;
import dev.smarttracer.internal.select.TargetMethod;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a trace's probes into the running code and takes them out again: the only writer of the
 * {@link ProbeTable} and the only caller of the {@link ClassInstrumenter}.
 *
 * <p>Installs (on the thread calling {@code trace()}) and detaches (on a worker) are serialised by
 * one lock, because each retransformation re-runs every transformer of the class. Thread-safe.
 */
final class ProbeInstaller implements Detacher {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeInstaller.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final ProbeTable probes;
    private final ClassInstrumenter instrumenter;
    private final ReentryGuard guard;
    private final List<TraceRun> attached = new CopyOnWriteArrayList<>();
    /** Retired probes whose class may still carry their code; under the lock. */
    private final List<Probe> unrestored = new ArrayList<>();
    private volatile boolean restorePending;
    /** The running traces that take classes as they load; under the lock. */
    private final Map<TraceRun, ClassLoadWatch> watches = new ConcurrentHashMap<>();
    /** How long a class woven as it loaded is waited for, after which its definition is taken to have failed. */
    private static final long UNDEFINED_GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    ProbeInstaller(ProbeTable probes, ClassInstrumenter instrumenter, ReentryGuard guard) {
        this.probes = probes;
        this.instrumenter = instrumenter;
        this.guard = guard;
    }

    /**
     * Instruments what a trace needs and opens its gates; its time limit starts as they open.
     * With a watch, classes that load from then on are woven for it as they load, until it detaches.
     *
     * @throws IllegalArgumentException if a method has no room for the probe code under the JVM's
     *     limits; nothing is left instrumented for this trace
     * @throws dev.smarttracer.TracerException if the bytecode could not be changed; nothing is
     *     left instrumented for this trace
     */
    void install(TraceRun trace, List<TargetMethod> targets, ClassLoadWatch watch) {
        Inside inside = guard.tryEnter();
        lock.lock();
        try {
            List<Probe> selected = new ArrayList<>();
            List<Probe> created = new ArrayList<>();
            for (TargetMethod target : new LinkedHashSet<>(targets)) {
                Probe probe = probes.probeOf(target);
                if (probe == null) {
                    probe = probes.create(target);
                    created.add(probe);
                }
                selected.add(probe);
            }
            Set<Class<?>> changed = ProbeTable.owners(created);
            if (!changed.isEmpty()) {
                try {
                    instrumenter.apply(changed);
                } catch (Throwable failure) {
                    // Put back as far as the JVM lets us; ids are handed out again only once restored.
                    created.forEach(probes::retire);
                    restore(created);
                    throw failure;
                }
            }
            trace.attach(selected);
            attached.add(trace);
            trace.start();
            for (Probe probe : selected) {
                probe.add(trace);
                probes.setOpen(probe, true);
            }
            if (watch != null) {
                watches.put(trace, watch);
                instrumenter.watch(watch);
            }
        } finally {
            lock.unlock();
            if (inside != null) {
                inside.entered = false;
            }
        }
    }

    /**
     * Detaches a finished trace: closes its gates and restores the classes no trace needs. A
     * restore that fails (the JVM out of memory, say) leaves gates closed, so the code left
     * behind costs one volatile read; it is retried by {@link #retryRestore()}, and the probe ids
     * of that code are not handed out again until it is gone.
     */
    @Override
    public void detach(TraceRun trace, long finishSeenNanos) {
        lock.lock();
        try {
            attached.remove(trace);
            ClassLoadWatch watch = watches.remove(trace);
            if (watch != null) {
                // Before its probes are read: a class loading now is either among them or not taken.
                instrumenter.unwatch(watch);
            }
            List<Probe> idle = new ArrayList<>();
            for (Probe probe : trace.probes()) {
                if (probe.remove(trace)) {
                    probes.retire(probe);
                    idle.add(probe);
                }
            }
            restore(idle);
        } finally {
            lock.unlock();
            trace.markDetached(finishSeenNanos);
        }
    }

    /** Tells whether some class still carries the code of probes no trace uses, after a failed restore. */
    @Override
    public boolean restorePending() {
        return restorePending;
    }

    /** Tries again to restore the classes whose restore failed; run on a worker. */
    @Override
    public void retryRestore() {
        lock.lock();
        try {
            restore(List.of());
        } finally {
            lock.unlock();
        }
    }

    /** Restores the classes of retired probes, with those a failed restore left; under the lock. */
    private void restore(List<Probe> retired) {
        unrestored.addAll(retired);
        try {
            restoreOwed();
        } catch (Throwable failure) {
            // The JVM refused, or no memory was left: what is still owed is tried again.
            restorePending = true;
            try {
                LOG.error("SmartTracer could not restore the classes of {} probes; their gates are closed, and it is"
                        + " tried again", unrestored.size(), failure);
            } catch (Throwable cannotReport) {
                // Out of memory: the restore is retried all the same.
            }
        }
    }

    /**
     * Restores the classes of the probes owed, and gives their ids back once their class is restored.
     * A class woven as it loaded that the JVM has not defined yet is waited for; one never defined
     * (its definition failed) carries nothing, and its probes are given back. A probe leaves the list
     * before its id is given back, so no id is given back twice, whatever fails on the way.
     */
    private void restoreOwed() {
        instrumenter.resolve(unrestored);
        long now = System.nanoTime();
        boolean waiting = false;
        Set<Class<?>> changed = new LinkedHashSet<>();
        for (Iterator<Probe> owed = unrestored.iterator(); owed.hasNext(); ) {
            Probe probe = owed.next();
            if (probe.owner() != null) {
                changed.add(probe.owner());
            } else if (now - probe.createdNanos > UNDEFINED_GIVE_UP_NANOS) {
                owed.remove();
                probes.release(probe);
            } else {
                waiting = true;
            }
        }
        if (!changed.isEmpty()) {
            instrumenter.apply(changed);
        }
        for (Iterator<Probe> owed = unrestored.iterator(); owed.hasNext(); ) {
            Probe probe = owed.next();
            if (probe.owner() != null) {
                owed.remove();
                probes.release(probe);
            }
        }
        restorePending = waiting;
    }

    /** Tells whether the engine's class-file transformer is registered with the JVM now. */
    boolean transformerRegistered() {
        lock.lock();
        try {
            return instrumenter.registered();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the traces whose probes are installed, oldest first. */
    List<TraceRun> attached() {
        return List.copyOf(attached);
    }

    /** Returns how many classes carry advice now, those whose restore is still owed included. */
    int instrumentedClasses() {
        lock.lock();
        try {
            Set<ProbeTable.ClassKey> owed = new java.util.HashSet<>();
            unrestored.forEach(probe -> owed.add(ProbeTable.ClassKey.of(probe)));
            owed.removeIf(probes::isPlanned);
            return instrumenter.instrumentedClasses() + owed.size();
        } finally {
            lock.unlock();
        }
    }
}
