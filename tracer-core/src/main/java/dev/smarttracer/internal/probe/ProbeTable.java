package dev.smarttracer.internal.probe;

import dev.smarttracer.bridge.v1.Bridge;
import dev.smarttracer.bridge.v1.ProbeSink;
import dev.smarttracer.internal.delivery.Probe;
import dev.smarttracer.internal.select.TargetMethod;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every probe of this engine, by id (for traced threads), by method (for new traces) and by
 * class (for the transformer): the one place probe state lives, besides the gates in the
 * bootstrap bridge, which it alone opens and closes.
 *
 * <p>Changed only by the {@link ProbeInstaller} under its lock. Read lock-free: by traced
 * threads through {@link #probe(int)}, and by the class-file transformer, on whichever thread
 * retransforms a class, through {@link #plan}.
 *
 * <p>Only this class, the router and the advice refer to the bridge's types, so nothing touches
 * them before the bridge is in the bootstrap loader: a class verified earlier would make the
 * application's loader look for them.
 */
public final class ProbeTable {

    /** The most probes one JVM can have at once (the bridge's capacity). */
    public static final int CAPACITY = Bridge.CAPACITY;

    private final Probe[] byId = new Probe[CAPACITY];
    private final Map<MethodKey, Probe> byMethod = new ConcurrentHashMap<>();
    private final Map<ClassKey, Map<String, Integer>> plans = new ConcurrentHashMap<>();
    private ProbeSink owner;

    /**
     * Sets the router the bridge sends this table's probes to; once, before any probe exists.
     * Typed as the router, not the bridge's interface, so that callers verify without loading
     * bridge types.
     */
    public void routeTo(ProbeRouter router) {
        this.owner = router;
    }

    /** Returns the probe with an id, or {@code null}. A plain read, for traced threads. */
    public Probe probe(int id) {
        // Stored before its gate opened (a volatile write the caller read through the bridge),
        // and cleared only after its gate closed.
        return byId[id];
    }

    /** Returns the probe of a method, or {@code null} if it has none. */
    public Probe probeOf(TargetMethod target) {
        return byMethod.get(new MethodKey(ClassKey.of(target.owner()), target.signature()));
    }

    /** Returns the probe of a method by its class and signature, or {@code null} if it has none. */
    public Probe probeOf(ClassKey type, String signature) {
        return byMethod.get(new MethodKey(type, signature));
    }

    /**
     * Creates the probe of a method of a loaded class, gate closed, and adds it to its class's plan.
     *
     * @throws IllegalStateException if the bridge has no probe id left
     */
    public Probe create(TargetMethod target) {
        synchronized (this) {
            Probe probe = new Probe(allocate(), target);
            add(probe);
            return probe;
        }
    }

    /**
     * Creates the probe of a method of a class the JVM is loading, gate closed, and adds it to the
     * class's plan; the class's loading thread weaves it in.
     *
     * @return the probe, or {@code null} if the bridge has no probe id left
     */
    public Probe createLoading(ClassKey type, String methodName, String descriptor, int arity) {
        synchronized (this) {
            int id = Bridge.allocate(owner);
            if (id < 0) {
                return null;
            }
            Probe probe = Probe.ofLoading(id, type.name(), type.loader(), methodName, descriptor, arity);
            add(probe);
            return probe;
        }
    }

    private int allocate() {
        int id = Bridge.allocate(owner);
        if (id < 0) {
            throw new IllegalStateException("all " + CAPACITY + " probes of this JVM are in use by active traces;"
                    + " stop some traces (SmartTracer.stop()) before starting more");
        }
        return id;
    }

    private void add(Probe probe) {
        byId[probe.id] = probe;
        ClassKey key = ClassKey.of(probe);
        byMethod.put(new MethodKey(key, probe.signature()), probe);
        plans.compute(key, (k, plan) -> {
            Map<String, Integer> grown = plan == null ? new HashMap<>() : new HashMap<>(plan);
            grown.put(probe.signature(), probe.id);
            return Map.copyOf(grown);
        });
    }

    /** Opens or closes a probe's gate in the bridge. */
    public void setOpen(Probe probe, boolean open) {
        Bridge.setOpen(owner, probe.id, open);
    }

    /**
     * Removes a probe from its class's plan and closes its gate; its id stays taken until
     * {@link #release} (after the class was retransformed without it).
     */
    public void retire(Probe probe) {
        synchronized (this) {
            Bridge.setOpen(owner, probe.id, false);
            ClassKey key = ClassKey.of(probe);
            byMethod.remove(new MethodKey(key, probe.signature()));
            plans.computeIfPresent(key, (k, plan) -> {
                Map<String, Integer> shrunk = new HashMap<>(plan);
                shrunk.remove(probe.signature());
                return shrunk.isEmpty() ? null : Map.copyOf(shrunk);
            });
        }
    }

    /** Gives a retired probe's id back to the bridge. */
    public void release(Probe probe) {
        byId[probe.id] = null;
        Bridge.release(owner, probe.id);
    }

    /** Returns the planned methods of a class (signature to probe id), empty if none. */
    public Map<String, Integer> plan(ClassKey type) {
        return plans.getOrDefault(type, Map.of());
    }

    /** Tells whether a class has planned methods. */
    public boolean isPlanned(ClassKey type) {
        return plans.containsKey(type);
    }

    /** Returns how many classes have planned methods. */
    public int plannedClasses() {
        return plans.size();
    }

    /**
     * Returns the classes that declare the given probes' methods, those the JVM has defined (a
     * class woven as it loads may not be yet).
     */
    public static Set<Class<?>> owners(Collection<Probe> probes) {
        Set<Class<?>> owners = new LinkedHashSet<>();
        for (Probe probe : probes) {
            if (probe.owner() != null) {
                owners.add(probe.owner());
            }
        }
        return owners;
    }

    /** A class by name and defining loader, without keeping the {@code Class} itself. */
    public record ClassKey(String name, ClassLoader loader) {
        public static ClassKey of(Class<?> type) {
            return new ClassKey(type.getName(), type.getClassLoader());
        }

        /** Returns the class of a probe's method. */
        public static ClassKey of(Probe probe) {
            return new ClassKey(probe.className, probe.loader);
        }
    }

    /** A method by its class and signature. */
    private record MethodKey(ClassKey type, String signature) {
    }
}
