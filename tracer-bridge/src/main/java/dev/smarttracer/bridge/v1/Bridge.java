package dev.smarttracer.bridge.v1;

import java.lang.instrument.Instrumentation;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The single static sink that advice inlined into traced methods calls.
 *
 * <p>This class lives in the bootstrap class loader, so inlined advice can reach it from a class
 * defined by any loader. It uses JDK types only. Each traced method gets a probe id bound into
 * its advice as a constant; the route of that id is the method's gate: {@code null} when closed.
 * A closed gate costs the traced method one volatile array read. A delivered call's exit goes
 * straight to the {@link CallExit} its entry returned.
 *
 * <p>It is also where the SmartTracer agent's entry point hands over the JVM's
 * {@link Instrumentation}, so that every engine in the JVM, whatever its class loader, finds it,
 * and where it keeps the attach agent it started, so that a second load of the agent reaches the
 * first one instead of starting another.
 *
 * <p>Several engines (an in-process tracer and an attached agent) may share one bridge: each
 * allocates its own probe ids. Allocated ids are reused oldest-freed first, so an id is not handed
 * out again while a thread that read its gate just before it closed may still be using it.
 *
 * <p>Thread safety: all methods are thread-safe. {@link #route} is lock-free; allocation, gate
 * changes and release lock this class.
 */
public final class Bridge {

    /** The most probes (traced methods) that can be allocated at once in one JVM. */
    public static final int CAPACITY = 1 << 14;

    private static volatile Instrumentation instrumentation;
    private static volatile boolean publishedAtStartup;
    private static volatile Consumer<String> agent;

    private static final AtomicReferenceArray<ProbeSink> ROUTES = new AtomicReferenceArray<>(CAPACITY);
    private static final ProbeSink[] OWNERS = new ProbeSink[CAPACITY];
    private static final ArrayDeque<Integer> FREED = new ArrayDeque<>();
    private static int nextUnused;

    private Bridge() {
    }

    /**
     * Hands the JVM's instrumentation to every engine in this JVM; called by the SmartTracer
     * agent's entry point, whether the agent was loaded at start-up or into the running JVM. The
     * first one published is kept.
     *
     * @param instrumentation the JVM's instrumentation
     * @param atStartup whether the agent was loaded when the JVM started ({@code -javaagent})
     */
    public static synchronized void publish(Instrumentation instrumentation, boolean atStartup) {
        if (instrumentation == null) {
            throw new NullPointerException("instrumentation");
        }
        if (Bridge.instrumentation == null) {
            publishedAtStartup = atStartup;
            Bridge.instrumentation = instrumentation;
        }
    }

    /**
     * Returns the instrumentation the SmartTracer agent published, or {@code null} if no agent
     * has been loaded yet.
     *
     * @return the JVM's instrumentation, or {@code null}
     */
    public static Instrumentation instrumentation() {
        return instrumentation;
    }

    /**
     * Tells whether the published instrumentation came from an agent loaded at start-up.
     *
     * @return {@code true} for {@code -javaagent}, {@code false} for a load into the running JVM
     */
    public static boolean publishedAtStartup() {
        return publishedAtStartup;
    }

    /**
     * Publishes the attach agent of this JVM (the part of the SmartTracer agent that serves the
     * command-line tool), unless one was published before. The agent's entry point keeps no
     * state of its own, so this is how a second load of the agent finds the first.
     *
     * @param candidate the agent to publish if none is; it accepts the agent's arguments
     * @return the published agent: {@code candidate}, or the one published before
     */
    public static synchronized Consumer<String> publishAgent(Consumer<String> candidate) {
        if (candidate == null) {
            throw new NullPointerException("candidate");
        }
        if (agent == null) {
            agent = candidate;
        }
        return agent;
    }

    /**
     * Returns the attach agent published in this JVM, or {@code null} if none was started.
     *
     * @return the agent, or {@code null}
     */
    public static Consumer<String> agent() {
        return agent;
    }

    /**
     * Returns the sink of an open probe, or {@code null} if its gate is closed. Called by advice
     * on entry to every traced method: this read is the whole cost of a closed gate.
     *
     * @param probe a probe id
     * @return the sink to offer the call to, or {@code null}
     */
    public static ProbeSink route(int probe) {
        return ROUTES.get(probe);
    }

    /**
     * Allocates a probe id owned by a sink, with its gate closed.
     *
     * @param owner the sink that will receive the probe's calls
     * @return the probe id, or {@code -1} if all {@link #CAPACITY} ids are in use
     */
    public static synchronized int allocate(ProbeSink owner) {
        if (owner == null) {
            throw new NullPointerException("owner");
        }
        int probe;
        if (!FREED.isEmpty()) {
            probe = FREED.pollFirst();
        } else if (nextUnused < CAPACITY) {
            probe = nextUnused++;
        } else {
            return -1;
        }
        OWNERS[probe] = owner;
        return probe;
    }

    /**
     * Opens or closes the gate of a probe its caller owns.
     *
     * @param owner the sink that allocated the probe
     * @param probe the probe id
     * @param open whether calls should reach the sink
     * @throws IllegalStateException if {@code owner} does not own {@code probe}
     */
    public static synchronized void setOpen(ProbeSink owner, int probe, boolean open) {
        checkOwner(owner, probe);
        ROUTES.set(probe, open ? owner : null);
    }

    /**
     * Closes the gate of a probe and returns its id for reuse.
     *
     * @param owner the sink that allocated the probe
     * @param probe the probe id
     * @throws IllegalStateException if {@code owner} does not own {@code probe}
     */
    public static synchronized void release(ProbeSink owner, int probe) {
        checkOwner(owner, probe);
        ROUTES.set(probe, null);
        OWNERS[probe] = null;
        FREED.addLast(probe);
    }

    /**
     * Returns how many probe ids are allocated now, by every engine in this JVM.
     *
     * @return the ids in use
     */
    public static synchronized int allocated() {
        return nextUnused - FREED.size();
    }

    /**
     * Returns how many distinct probe ids were ever handed out: freed ids are reused before new
     * ones, so this stays at the most ever in use at once.
     *
     * @return the high-water mark of ids
     */
    public static synchronized int highWater() {
        return nextUnused;
    }

    private static void checkOwner(ProbeSink owner, int probe) {
        if (probe < 0 || probe >= CAPACITY || OWNERS[probe] != owner || owner == null) {
            throw new IllegalStateException("probe " + probe + " is not owned by " + owner);
        }
    }
}
