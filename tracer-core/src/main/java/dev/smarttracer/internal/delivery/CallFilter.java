package dev.smarttracer.internal.delivery;

import dev.smarttracer.CallCondition;
import dev.smarttracer.CompletedCall;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.recorder.ExceptionInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which calls count for one trace: the conditions a call must pass before it takes one of the
 * trace's slots, checked on the calling thread inside the tracer. A trace without conditions has
 * no filter, and its calls pay nothing for this.
 *
 * <p>Conditions that need the call's end (only calls that throw, only slow ones, a condition on
 * the completed call) are decided at its exit: the call takes its slot then, and its CALL and
 * RETURN events are queued together, so the limit counts exactly the calls that passed.
 * Sampling comes last: every K-th call that passed everything else.
 *
 * <p>A condition that throws counts the call as no match; the failures are counted and the first
 * one kept, to be reported when the trace ends. Nothing thrown here reaches the application.
 *
 * <p>Thread-safe.
 */
public final class CallFilter {

    private final Pattern thread;
    private final CallCondition entry;
    private final boolean raised;
    private final long slowerThanNanos;
    private final Predicate<CompletedCall> completed;
    private final int sample;
    private final LiveCondition live;
    private final AtomicLong passed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    private CallFilter(TraceOptions options, LiveCondition live) {
        this.live = live;
        this.thread = options.thread().map(CallFilter::glob).orElse(null);
        this.entry = options.when().orElse(null);
        this.raised = options.raised();
        this.slowerThanNanos = options.slowerThan().map(CallFilter::saturatedNanos).orElse(0L);
        this.completed = options.whenCompleted().orElse(null);
        this.sample = options.sample();
    }

    /**
     * Returns the filter options ask for, or {@code null} if they ask for none.
     *
     * @param options the trace's options
     * @return the filter, or {@code null} when every call counts
     */
    public static CallFilter of(TraceOptions options) {
        return of(options, null);
    }

    /**
     * Returns the filter options and a live condition ask for, or {@code null} if they ask for none.
     *
     * @param options the trace's options
     * @param live a condition on the call's live values, or {@code null}
     * @return the filter, or {@code null} when every call counts
     */
    public static CallFilter of(TraceOptions options, LiveCondition live) {
        boolean none = options.thread().isEmpty() && options.when().isEmpty() && !options.raised()
                && options.slowerThan().isEmpty() && options.whenCompleted().isEmpty() && options.sample() == 1
                && live == null;
        return none ? null : new CallFilter(options, live);
    }

    /** Tells whether a call can be decided only at its end. */
    public boolean decidedAtExit() {
        return raised || slowerThanNanos > 0 || completed != null || (live != null && live.atExit());
    }

    /** Tells whether a condition reads the call's live arguments, which must then be kept unchanged. */
    public boolean readsLiveArguments() {
        return live != null;
    }

    /** Tells whether a thread may make counting calls; before anything else, as it is the cheapest. */
    public boolean threadMatches(Thread caller) {
        return thread == null || thread.matcher(caller.getName()).matches();
    }

    /**
     * Tells whether a call passes the conditions on its start.
     *
     * @param arguments the call's arguments, as snapshots
     * @param liveArguments the call's live arguments, for a live condition
     * @param caller the calling thread
     */
    public boolean passesEntry(Object[] arguments, Object[] liveArguments, Thread caller) {
        if (live != null && !live.atExit() && !live.test(liveArguments, caller, null, null, -1)) {
            return false;
        }
        if (entry == null) {
            return true;
        }
        try {
            return entry.test(Collections.unmodifiableList(Arrays.asList(arguments)), caller);
        } catch (Throwable failure) {
            failed(failure);
            return false;
        }
    }

    /**
     * Tells whether a call that has ended passes the conditions on its end.
     *
     * @param arguments its arguments as snapshots, taken at its start
     * @param returned the returned value's snapshot, or {@code null}
     * @param thrown what it threw, or {@code null}
     * @param elapsedNanos how long it took
     * @param caller the calling thread
     * @param live the call's live arguments, returned value and throwable, for a live condition
     */
    public boolean passesExit(Object[] arguments, Object returned, ExceptionInfo thrown, long elapsedNanos,
            Thread caller, LiveExit live) {
        if (raised && thrown == null) {
            return false;
        }
        if (elapsedNanos <= slowerThanNanos && slowerThanNanos > 0) {
            return false;
        }
        if (this.live != null && this.live.atExit()
                && !this.live.test(live.arguments(), caller, live.returned(), live.thrown(), elapsedNanos)) {
            return false;
        }
        if (completed == null) {
            return true;
        }
        try {
            return completed.test(new CompletedCall(Collections.unmodifiableList(Arrays.asList(arguments)), returned,
                    thrown, Duration.ofNanos(elapsedNanos), caller.getName()));
        } catch (Throwable failure) {
            failed(failure);
            return false;
        }
    }

    /** Counts a call that passed every condition and tells whether the sample takes it. */
    public boolean sampled() {
        return sample == 1 || passed.incrementAndGet() % sample == 0;
    }

    /** Returns how many times a condition failed (threw, or could not be evaluated). */
    public long failures() {
        return failures.get() + (live == null ? 0 : live.failures());
    }

    /** Returns the first failure of a condition, as one line, or {@code null}. */
    public String firstFailure() {
        String first = firstFailure.get();
        return first != null || live == null ? first : live.failure();
    }

    /**
     * A call's live values at its exit, for a live condition.
     *
     * @param arguments its live arguments
     * @param returned its live returned value, or {@code null}
     * @param thrown what it threw, or {@code null}
     */
    public record LiveExit(Object[] arguments, Object returned, Throwable thrown) {
    }

    private void failed(Throwable failure) {
        failures.incrementAndGet();
        if (firstFailure.get() == null) {
            try {
                firstFailure.compareAndSet(null, failure.getClass().getName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
            } catch (Throwable cannotDescribe) {
                // Counted all the same.
            }
        }
    }

    /** Turns a glob ({@code *} any characters, {@code ?} one) into a pattern on the whole name. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static long saturatedNanos(Duration duration) {
        return TraceRun.saturatedNanos(duration);
    }
}
