package dev.smarttracer.internal.engine;

import dev.smarttracer.TracerException;
import dev.smarttracer.internal.probe.ProbeTable.ClassKey;
import dev.smarttracer.internal.probe.ProbeTable;
import dev.smarttracer.internal.weave.ProbeWeaver;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import dev.smarttracer.internal.delivery.Probe;
import dev.smarttracer.internal.reentry.ReentryGuard.Inside;
import dev.smarttracer.internal.reentry.ReentryGuard;
import dev.smarttracer.internal.select.LaterClasses;
import dev.smarttracer.internal.select.MethodSelector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the running bytecode of classes match their plans in the {@link ProbeTable}: one
 * retransformation per change, of all changed classes at once.
 *
 * <p>A single transformer serves every class. A retransformation always starts from the class's
 * original bytes, so a class whose set becomes empty is simply retransformed without advice and
 * is byte for byte what it was. The transformer is registered only while some class is
 * instrumented or some trace watches for classes to load ({@link ClassLoadWatch}). A class load
 * returns at once unless a trace watches; then the class is woven as it loads if a watching
 * trace's selection takes it, its probes created under the probe table's lock (see
 * {@link #unwatch}). Otherwise the application's class loading never pays for it.
 *
 * <p>Failures are never silent: the JVM ignores whatever a transformer throws, so the transformer
 * records each failure for {@link #apply} to report, and every planned method is checked to have
 * received the probe code.
 *
 * <p>Not thread-safe: the {@link ProbeInstaller} calls {@link #apply} under its lock. The
 * transformer itself is safe to run on any thread.
 */
final class ClassInstrumenter {

    private final Instrumentation instrumentation;
    private final Module bridgeModule;
    private final ProbeTable probes;
    private final ReentryGuard guard;
    private final Map<ClassKey, Throwable> errors = new ConcurrentHashMap<>();
    private final Map<ClassKey, Set<String>> advised = new ConcurrentHashMap<>();
    private final ClassFileTransformer gatekeeper = new Gatekeeper();
    /** The traces watching for classes that load; read on loading threads. */
    private final List<ClassLoadWatch> watches = new CopyOnWriteArrayList<>();
    private boolean registered;

    /** The tracer's classes and the libraries it carries relocated: never taken as they load. */
    private static final String OWN_PACKAGE = "dev/smarttracer/";

    ClassInstrumenter(Instrumentation instrumentation, Module bridgeModule, ProbeTable probes, ReentryGuard guard) {
        this.instrumentation = instrumentation;
        this.guard = guard;
        // Loaded now, not the first time a class is left out on some loading thread.
        LaterClasses.LeftOut.class.getName();
        this.bridgeModule = bridgeModule;
        this.probes = probes;
    }

    /**
     * Retransforms classes so that their running code matches their current plans in the probe
     * table (a class without a plan gets its original code back), and checks that every planned
     * method received its advice.
     *
     * @return the plans that were applied, by class
     * @throws IllegalArgumentException if a planned method has no room for the probe code under the
     *     JVM's limits, naming it; the caller restores the previous plans
     * @throws TracerException if a class could not be changed as planned; the caller restores
     *     the previous plans
     */
    Map<Class<?>, Map<String, Integer>> apply(Set<Class<?>> classes) {
        Map<Class<?>, Map<String, Integer>> changes = new LinkedHashMap<>();
        for (Class<?> type : classes) {
            ClassKey key = ClassKey.of(type);
            errors.remove(key);
            advised.remove(key);
            Map<String, Integer> plan = probes.plan(key);
            changes.put(type, plan);
            if (!plan.isEmpty()) {
                addReadEdge(type);
            }
        }
        if (probes.plannedClasses() > 0) {
            register();
        }
        try {
            instrumentation.retransformClasses(classes.toArray(Class<?>[]::new));
        } catch (Throwable failure) {
            throw new TracerException("the JVM refused to change the bytecode of " + names(classes) + ": " + failure
                    + "; nothing is traced", failure);
        } finally {
            unregisterIfIdle();
        }
        verify(changes);
        return changes;
    }

    /** Weaves a trace's selection into the classes that load from now on, until {@link #unwatch}. */
    void watch(ClassLoadWatch watch) {
        watches.add(watch);
        register();
    }

    /**
     * Stops weaving a trace's selection into classes that load. A class already woven for it is
     * among its probes once this returns: the watch closes under the probe table's lock, which a
     * loading thread holds while it adds probes.
     */
    void unwatch(ClassLoadWatch watch) {
        synchronized (probes) {
            watch.close();
        }
        watches.remove(watch);
        unregisterIfIdle();
    }

    private void register() {
        if (!registered) {
            instrumentation.addTransformer(gatekeeper, true);
            registered = true;
        }
    }

    private void unregisterIfIdle() {
        if (registered && probes.plannedClasses() == 0 && watches.isEmpty()) {
            instrumentation.removeTransformer(gatekeeper);
            registered = false;
        }
    }

    /**
     * Finds the classes of probes woven as their class loaded, which the JVM has defined since;
     * a class whose definition failed is never found.
     */
    void resolve(Collection<Probe> loaded) {
        Map<ClassKey, List<Probe>> wanted = new HashMap<>();
        for (Probe probe : loaded) {
            if (probe.owner() == null) {
                wanted.computeIfAbsent(ClassKey.of(probe), k -> new ArrayList<>()).add(probe);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            List<Probe> found = wanted.get(ClassKey.of(type));
            if (found != null) {
                found.forEach(probe -> probe.defined(type));
            }
        }
    }

    /** Returns the watches of running traces on loading classes, for status. */
    List<ClassLoadWatch> watches() {
        return List.copyOf(watches);
    }

    /** Tells whether the transformer is registered with the JVM: while some class is planned or a trace watches. */
    boolean registered() {
        return registered;
    }

    /** Returns how many classes carry advice now. */
    int instrumentedClasses() {
        return probes.plannedClasses();
    }

    /** Tells whether a class has a plan, so carries advice once applied. */
    boolean isPlanned(Class<?> type) {
        return !probes.plan(ClassKey.of(type)).isEmpty();
    }

    private void verify(Map<Class<?>, Map<String, Integer>> changes) {
        for (Map.Entry<Class<?>, Map<String, Integer>> change : changes.entrySet()) {
            ClassKey key = ClassKey.of(change.getKey());
            Throwable error = errors.remove(key);
            if (error instanceof ProbeWeaver.Unweavable refusal) {
                // A planned method the JVM's limits leave no room in: the caller named it, so it is refused.
                throw new IllegalArgumentException(refusal.getMessage() + "; nothing is traced",
                        refusal.getCause() != null ? refusal.getCause() : refusal);
            }
            if (error != null) {
                throw new TracerException("could not " + (change.getValue().isEmpty() ? "restore " : "instrument ")
                        + key.name() + ": " + error + "; nothing is traced", error);
            }
            Set<String> done = advised.remove(key);
            Set<String> missing = new HashSet<>(change.getValue().keySet());
            if (done != null) {
                missing.removeAll(done);
            }
            if (!missing.isEmpty()) {
                throw new TracerException("could not instrument " + key.name() + ": no advice reached " + missing
                        + "; nothing is traced", null);
            }
        }
    }

    private void addReadEdge(Class<?> type) {
        // Probe code in a named module (the JDK's, say) calls the bridge in the bootstrap loader's
        // unnamed module, which a named module does not read unless told to.
        Module module = type.getModule();
        if (module.isNamed() && !module.canRead(bridgeModule) && instrumentation.isModifiableModule(module)) {
            instrumentation.redefineModule(module, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }

    private static String names(Set<Class<?>> classes) {
        return classes.stream().map(Class::getName).toList().toString();
    }

    /**
     * Weaves the probe code into the planned methods of classes being retransformed, and passes
     * everything else: a class load ({@code redefined == null}) returns at once, so the
     * application's class loading never pays for it. Weaving goes straight from the class file
     * through the {@link ProbeWeaver}, on ASM alone: the tracer's first trace waits for no
     * advice machinery to load and warm up.
     */
    private final class Gatekeeper implements ClassFileTransformer {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                ProtectionDomain domain, byte[] classfile) {
            if (redefined == null) {
                if (watches.isEmpty() || loader == null || internalName == null
                        || internalName.startsWith(OWN_PACKAGE)) {
                    // The tracer's own classes, which this transformer may load as it runs, pass at once.
                    return null;
                }
                // Whatever this runs that a trace of JDK methods selects is the tracer's own work, not traced.
                Inside inside = guard.tryEnter();
                try {
                    return loading(module, loader, internalName, classfile);
                } finally {
                    if (inside != null) {
                        inside.entered = false;
                    }
                }
            }
            ClassKey key = ClassKey.of(redefined);
            Map<String, Integer> plan = probes.plan(key);
            if (plan.isEmpty()) {
                return null;
            }
            try {
                return ProbeWeaver.weave(classfile, plan, advised.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()));
            } catch (Throwable failure) {
                errors.put(key, failure);
                return null;
            }
        }
    }

    /**
     * Weaves, into a class the JVM is loading, the methods the watching traces take from it: their
     * probes are created and their gates opened under the probe table's lock, so a trace that
     * detaches meanwhile finds them among its probes. Whatever goes wrong is the watch's to report:
     * the loading thread gets the class as it was.
     */
    private byte[] loading(Module module, ClassLoader loader, String internalName, byte[] classfile) {
        ClassKey key = null;
        List<Probe> added = new ArrayList<>();
        List<ClassLoadWatch> taking = new ArrayList<>();
        try {
            for (ClassLoadWatch watch : watches) {
                List<LaterClasses.LoadingMethod> methods;
                try {
                    methods = watch.later().methodsOf(internalName, classfile);
                } catch (LaterClasses.LeftOut refused) {
                    if (watch.takes()) {
                        watch.refused("loaded while tracing: " + refused.getMessage());
                    }
                    continue;
                }
                if (methods.isEmpty()) {
                    continue;
                }
                key = key != null ? key : new ClassKey(internalName.replace('/', '.'), loader);
                synchronized (probes) {
                    if (!watch.takes()) {
                        continue;
                    }
                    if (watch.trace().probes().size() + methods.size() > MethodSelector.MAX_METHODS) {
                        watch.refused(key.name() + ": the trace would select more than " + MethodSelector.MAX_METHODS
                                + " methods; narrow the pattern");
                        continue;
                    }
                    for (LaterClasses.LoadingMethod method : methods) {
                        Probe probe = probes.probeOf(key, method.signature());
                        if (probe == null) {
                            probe = probes.createLoading(key, method.name(), method.descriptor(), method.arity());
                            if (probe == null) {
                                watch.refused(key.name() + "#" + method.name() + ": all " + ProbeTable.CAPACITY
                                        + " probes of this JVM are in use; stop some traces");
                                continue;
                            }
                            added.add(probe);
                        }
                        watch.trace().attachLoaded(probe);
                        probe.add(watch.trace());
                        probes.setOpen(probe, true);
                    }
                    taking.add(watch);
                }
            }
            if (key == null || taking.isEmpty()) {
                return null;
            }
            Map<String, Integer> plan = probes.plan(key);
            if (module != null && module.isNamed() && !module.canRead(bridgeModule)) {
                throw new IllegalStateException("its module " + module.getName() + " cannot read the tracer's bridge");
            }
            Set<String> done = new HashSet<>();
            byte[] woven = ProbeWeaver.weave(classfile, plan, done);
            if (!done.containsAll(plan.keySet())) {
                throw new IllegalStateException("no probe reached " + plan.keySet().stream()
                        .filter(signature -> !done.contains(signature)).toList());
            }
            taking.forEach(ClassLoadWatch::took);
            return woven;
        } catch (Throwable failure) {
            // The class loads as it was; its probes stay the traces' until they detach, gates closed.
            synchronized (probes) {
                added.forEach(probes::retire);
            }
            String name = key != null ? key.name() : String.valueOf(internalName);
            for (ClassLoadWatch watch : taking) {
                watch.refused(name + " (loaded while tracing): " + (failure instanceof ProbeWeaver.Unweavable
                        ? failure.getMessage() : "could not be instrumented: " + failure));
            }
            return null;
        }
    }
}
