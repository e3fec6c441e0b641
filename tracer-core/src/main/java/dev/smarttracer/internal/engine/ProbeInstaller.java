package dev.smarttracer.internal.engine;

import dev.smarttracer.internal.engine.ReentryGuard.Inside;
import dev.smarttracer.internal.select.TargetMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
final class ProbeInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeInstaller.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final ProbeTable probes;
    private final ClassInstrumenter instrumenter;
    private final ReentryGuard guard;
    private final List<TraceSession> attached = new CopyOnWriteArrayList<>();

    ProbeInstaller(ProbeTable probes, ClassInstrumenter instrumenter, ReentryGuard guard) {
        this.probes = probes;
        this.instrumenter = instrumenter;
        this.guard = guard;
    }

    /**
     * Instruments what a trace needs and opens its gates; its time limit starts as they open.
     *
     * @throws IllegalArgumentException if a method has no room for the probe code under the JVM's
     *     limits; nothing is left instrumented for this trace
     * @throws dev.smarttracer.TracerException if the bytecode could not be changed; nothing is
     *     left instrumented for this trace
     */
    void install(TraceSession session, List<TargetMethod> targets) {
        Inside inside = guard.tryEnter();
        lock.lock();
        try {
            List<Probe> selected = new ArrayList<>();
            List<Probe> created = new ArrayList<>();
            for (TargetMethod target : new LinkedHashSet<>(targets)) {
                Probe probe = probes.probeOf(target.method());
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
                } catch (RuntimeException failure) {
                    created.forEach(probes::retire);
                    restoreQuietly(changed);
                    created.forEach(probes::release);
                    throw failure;
                }
            }
            session.attach(selected);
            attached.add(session);
            session.start();
            for (Probe probe : selected) {
                probe.add(session);
                probes.setOpen(probe, true);
            }
        } finally {
            lock.unlock();
            if (inside != null) {
                inside.entered = false;
            }
        }
    }

    /** Detaches a finished trace: closes its gates and restores the classes no trace needs. */
    void detach(TraceSession session) {
        lock.lock();
        try {
            attached.remove(session);
            List<Probe> idle = new ArrayList<>();
            for (Probe probe : session.probes()) {
                if (probe.remove(session)) {
                    probes.retire(probe);
                    idle.add(probe);
                }
            }
            Set<Class<?>> changed = ProbeTable.owners(idle);
            if (!changed.isEmpty()) {
                try {
                    instrumenter.apply(changed);
                } catch (RuntimeException failure) {
                    // The gates are closed, so the advice left behind costs one volatile read.
                    LOG.error("SmartTracer could not restore {}; its gates are closed", changed, failure);
                }
            }
            idle.forEach(probes::release);
        } finally {
            lock.unlock();
            session.markDetached();
        }
    }

    private void restoreQuietly(Set<Class<?>> classes) {
        try {
            instrumenter.apply(classes);
        } catch (RuntimeException failure) {
            LOG.error("SmartTracer could not restore {} after a failed install", classes, failure);
        }
    }

    /** Returns the traces whose probes are installed, oldest first. */
    List<TraceSession> attached() {
        return List.copyOf(attached);
    }

    /** Returns how many classes carry advice now. */
    int instrumentedClasses() {
        lock.lock();
        try {
            return instrumenter.instrumentedClasses();
        } finally {
            lock.unlock();
        }
    }
}
