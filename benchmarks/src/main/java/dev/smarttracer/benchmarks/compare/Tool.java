package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.util.Optional;

/**
 * One tool under comparison, as a pluggable step: how it starts tracing {@code Greeter.greet} in a
 * running target, and what else it offers. Implementations start every process they need as a
 * {@link Child}, so an interrupted run kills them too.
 */
interface Tool {

    /** The class of the traced method. */
    String CLASS = "com.acme.greeting.Greeter";

    /** The traced method. */
    String METHOD = "greet";

    /** Returns the tool's name and version, as the tables show it. */
    String name();

    /** Returns the command it runs to trace with returns, with {@code N} for the limit, as the tables show it. */
    String traceCommand();

    /** Returns what one traced call gives the user: arguments, return values, exceptions, stacks, durations. */
    String captures();

    /** Returns why the tool cannot run on a JDK, or empty if it can. */
    Optional<String> unsupported(Jdk jdk);

    /** Returns whether a trace stops by itself after a number of calls. */
    boolean hasCallBudget();

    /** Returns whether the tool can keep the calls it saw in the target, to look at later. */
    default boolean records() {
        return false;
    }

    /** Returns the command it runs to record, as the tables show it. */
    default String recordCommand() {
        return "";
    }

    /**
     * Starts tracing the method with its returns, its output counted and otherwise discarded.
     *
     * @param limit the number of calls, for a tool with a call budget
     */
    TraceRun trace(TargetJvm target, long limit) throws IOException, InterruptedException;

    /**
     * Starts recording the method's calls in the target.
     *
     * @throws UnsupportedOperationException if the tool does not {@link #records() record}
     */
    default TraceRun record(TargetJvm target, long limit) throws IOException, InterruptedException {
        throw new UnsupportedOperationException(name() + " keeps no recordings");
    }

    /**
     * Removes what the tool left in the target after a trace ended, where that takes a command of its
     * own (Arthas's {@code reset}), and returns that command.
     */
    default Optional<String> restore(TargetJvm target) throws IOException, InterruptedException {
        return Optional.empty();
    }

    /** Shuts the tool down in a target that is about to be killed anyway (Arthas's {@code stop}). */
    default void detach(TargetJvm target) throws IOException, InterruptedException {
    }
}
