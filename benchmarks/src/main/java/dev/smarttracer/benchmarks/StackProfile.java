package dev.smarttracer.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Where one thread spends its time, seen from outside the code it runs: a daemon thread takes
 * that thread's stack every few milliseconds and files each sample under the first phase whose
 * rule matches a frame. Samples are safepoint-biased (a stack is taken at a safepoint or
 * handshake) and each one costs the sampled thread a pause, so the split is an estimate; the
 * number of samples and the period are reported with it.
 *
 * <p>Phases are told apart by the names of the classes and methods on the stack, the way a
 * profile is read: they know the engine's set-up with Byte Buddy's self-attach and
 * {@code AgentBuilder}, and with its own attach over the attach socket and weaving without an
 * agent builder; a sample no rule knows goes under its innermost SmartTracer frame.
 *
 * <p>Thread-safe.
 */
final class StackProfile implements AutoCloseable {

    /** A named phase and the frames that place a sample in it. */
    private record Phase(String name, Predicate<StackTraceElement[]> rule) {
    }

    private static final List<Phase> PHASES = List.of(
            new Phase("self-attach, waiting for the attacher JVM", stack -> has(stack, "net.bytebuddy.agent.ByteBuddyAgent", null)
                    && (has(stack, "java.lang.Process", "waitFor") || has(stack, "java.lang.ProcessImpl", "waitFor")
                            || has(stack, "java.lang.ProcessHandleImpl", null))),
            new Phase("self-attach, in process", stack -> has(stack, "net.bytebuddy.agent.ByteBuddyAgent", null)),
            new Phase("self-attach over the attach socket", stack -> has(stack, "dev.smarttracer.internal.attach.SelfAttach", null)),
            new Phase("agent loading, other", stack -> has(stack, "dev.smarttracer.internal.attach.AgentLoader", null)),
            new Phase("bridge injection", stack -> has(stack, "dev.smarttracer.internal.attach.BridgeJar", null)),
            new Phase("building the AgentBuilder", stack -> has(stack, "ClassInstrumenter", "<init>")
                    && has(stack, "net.bytebuddy.agent.builder.AgentBuilder", null)),
            new Phase("retransform, Byte Buddy's transformer", stack -> has(stack, "ClassInstrumenter$Gatekeeper", "transform")
                    || has(stack, "net.bytebuddy.agent.builder.AgentBuilder$Default$ExecutingTransformer", "transform")),
            new Phase("retransform, the JVM", stack -> has(stack, "sun.instrument.InstrumentationImpl", "retransformClasses")),
            new Phase("method selection", stack -> has(stack, "dev.smarttracer.internal.select.", null)),
            new Phase("engine set-up, other", stack -> has(stack, "TraceEngine", "createRuntime")),
            new Phase("dispatcher start", stack -> has(stack, "dev.smarttracer.internal.engine.Dispatcher", null)));

    private final Thread target;
    private final long periodNanos;
    private final Thread sampler;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, Integer> unplaced = new TreeMap<>();
    private final Map<String, Integer> collapsed = new HashMap<>();
    private int samples;
    private int loadingClasses;
    private volatile boolean sampling;
    private volatile boolean running = true;

    private StackProfile(Thread target, long periodNanos) {
        this.target = target;
        this.periodNanos = periodNanos;
        this.sampler = new Thread(this::run, "stack-profile");
        sampler.setDaemon(true);
    }

    /** Starts a sampler of a thread, paused until {@link #resume()}. */
    static StackProfile of(Thread target, long periodMillis) {
        StackProfile profile = new StackProfile(target, periodMillis * 1_000_000L);
        profile.sampler.start();
        return profile;
    }

    /** Starts taking samples. */
    void resume() {
        sampling = true;
    }

    /** Stops taking samples; those taken are kept. */
    void pause() {
        sampling = false;
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                continue;
            }
            next += periodNanos;
            if (sampling) {
                StackTraceElement[] stack = target.getStackTrace();
                if (sampling) {
                    record(stack);
                }
            }
        }
    }

    private synchronized void record(StackTraceElement[] stack) {
        samples++;
        StringJoiner frames = new StringJoiner(";");
        for (int i = stack.length - 1; i >= 0; i--) {
            frames.add(stack[i].getClassName() + "." + stack[i].getMethodName());
        }
        collapsed.merge(frames.toString(), 1, Integer::sum);
        if (has(stack, "java.lang.ClassLoader", "loadClass") || has(stack, "java.lang.ClassLoader", "defineClass")
                || has(stack, "jdk.internal.loader.BuiltinClassLoader", "loadClass")) {
            loadingClasses++;
        }
        for (Phase phase : PHASES) {
            if (phase.rule().test(stack)) {
                counts.merge(phase.name(), 1, Integer::sum);
                return;
            }
        }
        String innermost = null;
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("dev.smarttracer.") && !frame.getClassName().startsWith("dev.smarttracer.benchmarks.")) {
                innermost = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "." + frame.getMethodName();
                break;
            }
        }
        String phase = innermost == null ? "outside SmartTracer" : "other SmartTracer work";
        counts.merge(phase, 1, Integer::sum);
        if (innermost != null) {
            unplaced.merge(innermost, 1, Integer::sum);
        }
    }

    private static boolean has(StackTraceElement[] stack, String classPart, String method) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().contains(classPart) && (method == null || frame.getMethodName().equals(method))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the profile as {@code phase:samples} pairs joined by {@code ;}, largest first,
     * with {@code total} and {@code class loading} (samples with a class being loaded or
     * defined anywhere on the stack, across phases) at the end.
     */
    synchronized String summary() {
        StringJoiner out = new StringJoiner(";");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> out.add(e.getKey().replace(' ', '_') + ":" + e.getValue()));
        out.add("class_loading:" + loadingClasses);
        out.add("total:" + samples);
        return out.toString();
    }

    /** Returns the innermost SmartTracer frames of samples no phase matched, most frequent first. */
    synchronized String unplaced() {
        List<Map.Entry<String, Integer>> list = new ArrayList<>(unplaced.entrySet());
        list.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        return list.stream().limit(8).map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(";"));
    }

    /**
     * Writes every sample as a collapsed stack (root first, frames joined by {@code ;}, then a
     * space and the count), the input format of flame graph tools.
     */
    synchronized void writeCollapsed(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        collapsed.forEach((stack, count) -> lines.add(stack + " " + count));
        Collections.sort(lines);
        Files.write(file, lines);
    }

    /** Returns the sampling period in milliseconds, for the report. */
    String period() {
        return String.format(Locale.ROOT, "%.0f", periodNanos / 1e6);
    }

    @Override
    public void close() {
        running = false;
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
