package dev.smarttracer.internal.delivery;

import dev.smarttracer.CallCondition;
import dev.smarttracer.CompletedCall;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.recorder.ExceptionInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which calls count for one trace: the conditions a call must pass before it takes one of the
 * trace's slots, checked on the calling thread inside the tracer. A trace without conditions has
 * no filter, and its calls pay nothing for this.
 *
 * <p>Conditions that need the call's end (only calls that throw, only slow ones, a condition on
 * the completed call) are decided at its exit: the call takes its slot then, and its CALL and
 * RETURN events are queued together, so the limit counts exactly the calls that passed.
 * Then the per-key limit (at most K calls per distinct key, in a bounded table) and sampling:
 * every K-th call of those left.
 *
 * <p>A condition that throws counts the call as no match; the failures are counted and the first
 * one kept, to be reported when the trace ends. Nothing thrown here reaches the application.
 *
 * <p>Thread-safe.
 */
public final class CallFilter {

    private final ThreadGlob thread;
    private final CallCondition entry;
    private final boolean raised;
    private final long slowerThanNanos;
    private final Predicate<CompletedCall> completed;
    private final int sample;
    private final LiveCondition live;
    private final Function<List<Object>, Object> distinct;
    private final LiveKey liveKey;
    private final KeyCounts keyCounts;
    private final AtomicLong passed = new AtomicLong();
    private final LongAdder rejectedByThread = new LongAdder();
    private final LongAdder rejectedByCondition = new LongAdder();
    private final LongAdder rejectedByKey = new LongAdder();
    private final LongAdder rejectedBySample = new LongAdder();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    private CallFilter(TraceOptions options, LiveCondition live, LiveKey liveKey) {
        this.live = live;
        this.liveKey = liveKey;
        this.distinct = options.distinct().orElse(null);
        this.keyCounts = distinct != null || liveKey != null ? new KeyCounts(options.perKey()) : null;
        this.thread = options.thread().map(ThreadGlob::new).orElse(null);
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
        return of(options, null, null);
    }

    /**
     * Returns the filter options and a live condition ask for, or {@code null} if they ask for none.
     *
     * @param options the trace's options
     * @param live a condition on the call's live values, or {@code null}
     * @param liveKey the key of per-key limits, from the call's live values (the number of calls
     *     per key is the options'), or {@code null}
     * @return the filter, or {@code null} when every call counts
     */
    public static CallFilter of(TraceOptions options, LiveCondition live, LiveKey liveKey) {
        boolean none = options.thread().isEmpty() && options.when().isEmpty() && !options.raised()
                && options.slowerThan().isEmpty() && options.whenCompleted().isEmpty() && options.sample() == 1
                && options.distinct().isEmpty() && live == null && liveKey == null;
        return none ? null : new CallFilter(options, live, liveKey);
    }

    /** Tells whether a call can be decided only at its end. */
    public boolean decidedAtExit() {
        return raised || slowerThanNanos > 0 || completed != null || (live != null && live.atExit());
    }

    /** Tells whether a condition reads the call's live arguments, which must then be kept unchanged. */
    public boolean readsLiveArguments() {
        return live != null || liveKey != null;
    }

    /** Tells whether a thread may make counting calls; before anything else, as it is the cheapest. */
    public boolean threadMatches(Thread caller) {
        if (thread == null || thread.matches(caller.getName())) {
            return true;
        }
        rejectedByThread.increment();
        return false;
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
            rejectedByCondition.increment();
            return false;
        }
        if (entry == null) {
            return true;
        }
        boolean passes;
        try {
            passes = entry.test(Collections.unmodifiableList(Arrays.asList(arguments)), caller);
        } catch (Throwable failure) {
            failed(failure);
            passes = false;
        }
        if (!passes) {
            rejectedByCondition.increment();
        }
        return passes;
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
        boolean passes = (!raised || thrown != null) && (slowerThanNanos == 0 || elapsedNanos > slowerThanNanos)
                && (this.live == null || !this.live.atExit()
                        || this.live.test(live.arguments(), caller, live.returned(), live.thrown(), elapsedNanos));
        if (passes && completed != null) {
            try {
                passes = completed.test(new CompletedCall(Collections.unmodifiableList(Arrays.asList(arguments)),
                        returned, thrown, Duration.ofNanos(elapsedNanos), caller.getName()));
            } catch (Throwable failure) {
                failed(failure);
                passes = false;
            }
        }
        if (!passes) {
            rejectedByCondition.increment();
        }
        return passes;
    }

    /**
     * Decides, for a call that passed every condition, the per-key limit and the sample, in that
     * order: a key that has had its calls rejects the call; the sample then takes every K-th of
     * those left; a call it takes is counted for its key.
     *
     * @param arguments the call's arguments as snapshots
     * @param liveArguments the call's live arguments, for a live key; else {@code null}
     * @param caller the calling thread
     * @return whether the call counts (it then takes its trace's slot, if one is left)
     */
    public boolean admit(Object[] arguments, Object[] liveArguments, Thread caller) {
        Object key = null;
        if (keyCounts != null) {
            key = keyOf(arguments, liveArguments, caller);
            if (key == LiveKey.FAILED || !keyCounts.hasRoom(key)) {
                rejectedByKey.increment();
                return false;
            }
        }
        if (sample != 1 && passed.incrementAndGet() % sample != 0) {
            rejectedBySample.increment();
            return false;
        }
        if (keyCounts != null && !keyCounts.take(key)) {
            rejectedByKey.increment();
            return false;
        }
        return true;
    }

    private Object keyOf(Object[] arguments, Object[] liveArguments, Thread caller) {
        if (liveKey != null) {
            return liveKey.key(liveArguments, caller);
        }
        try {
            return distinct.apply(Collections.unmodifiableList(Arrays.asList(arguments)));
        } catch (Throwable failure) {
            failed(failure);
            return LiveKey.FAILED;
        }
    }

    /**
     * Returns how many calls each step turned away so far: {@code thread}, {@code condition},
     * {@code key} (its key had had its calls, or had none) and {@code sample}, with {@code keys},
     * the distinct keys held now; only the steps this filter has.
     */
    public Map<String, Long> rejections() {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (thread != null) {
            counts.put("thread", rejectedByThread.sum());
        }
        if (entry != null || completed != null || live != null || raised || slowerThanNanos > 0) {
            counts.put("condition", rejectedByCondition.sum());
        }
        if (keyCounts != null) {
            counts.put("key", rejectedByKey.sum());
            counts.put("keys", keyCounts.keys());
        }
        if (sample != 1) {
            counts.put("sample", rejectedBySample.sum());
        }
        return counts;
    }

    /** Returns how many times a condition failed (threw, or could not be evaluated). */
    public long failures() {
        return failures.get() + (live == null ? 0 : live.failures()) + (liveKey == null ? 0 : liveKey.failures());
    }

    /** Returns the first failure of a condition, as one line, or {@code null}. */
    public String firstFailure() {
        String first = firstFailure.get();
        if (first == null && live != null) {
            first = live.failure();
        }
        return first != null || liveKey == null ? first : liveKey.failure();
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

    private static long saturatedNanos(Duration duration) {
        return TraceRun.saturatedNanos(duration);
    }
}
