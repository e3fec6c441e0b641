package dev.smarttracer;

import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.StopReason;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a trace behaves: what it reports, which methods it may select, where its events go and
 * when it stops besides its call limit.
 *
 * <p>Immutable and thread-safe: every setter validates its argument at once and returns a new
 * instance. Start from {@link #defaults()}.
 *
 * <pre>{@code
 * TraceOptions.defaults().returns(true).scope(Scope.LOCAL).rate(100, Duration.ofSeconds(1))
 * }</pre>
 */
public final class TraceOptions {

    /** The default number of events a trace may have waiting for its handler before it trips. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    /** The most events a trace may have waiting for its handler: see {@link #queueCapacity(int)}. */
    public static final int MAX_QUEUE_CAPACITY = 10_000_000;

    /** The fewest bytes a trace's waiting events may be allowed: see {@link #queueBytes(long)}. */
    public static final long MIN_QUEUE_BYTES = 64L << 10;

    /** The most bytes a trace's waiting events may keep on the heap by default: see {@link #queueBytes(long)}. */
    public static final long DEFAULT_QUEUE_BYTES_CAP = 64L << 20;

    /** The most distinct keys a trace counts calls for at once ({@link #distinct}). */
    public static final int MAX_KEYS = 10_000;

    /** How long a key's count is kept after its last call ({@link #distinct}). */
    public static final Duration KEY_EXPIRY = Duration.ofMinutes(10);

    private static final TraceOptions DEFAULTS = new TraceOptions(new Copy());

    private final boolean returns;
    private final Scope scope;
    private final boolean record;
    private final TraceHandler handler;
    private final Rate rate;
    private final Duration timeout;
    private final boolean allowJdkClasses;
    private final Ticker ticker;
    private final int queueCapacity;
    private final long queueBytes;
    private final Recorder recorder;
    private final String thread;
    private final boolean raised;
    private final Duration slowerThan;
    private final int sample;
    private final CallCondition when;
    private final Predicate<CompletedCall> whenCompleted;
    private final Function<List<Object>, Object> distinct;
    private final int perKey;
    private final int stackDepth;
    private final String where;
    private final String distinctExpression;
    private final boolean declaredOnly;

    private TraceOptions(Copy copy) {
        this.returns = copy.returns;
        this.scope = copy.scope;
        this.record = copy.record;
        this.handler = copy.handler;
        this.rate = copy.rate;
        this.timeout = copy.timeout;
        this.allowJdkClasses = copy.allowJdkClasses;
        this.ticker = copy.ticker;
        this.queueCapacity = copy.queueCapacity;
        this.queueBytes = copy.queueBytes;
        this.recorder = copy.recorder;
        this.thread = copy.thread;
        this.raised = copy.raised;
        this.slowerThan = copy.slowerThan;
        this.sample = copy.sample;
        this.when = copy.when;
        this.whenCompleted = copy.whenCompleted;
        this.distinct = copy.distinct;
        this.perKey = copy.perKey;
        this.stackDepth = copy.stackDepth;
        this.where = copy.where;
        this.distinctExpression = copy.distinctExpression;
        this.declaredOnly = copy.declaredOnly;
    }

    /**
     * A rate limit: a trace stops with {@link StopReason#RATE_EXCEEDED} when more than
     * {@code max} calls start within one window of length {@code per}.
     *
     * @param max calls allowed per window, from 1 to 1,000,000
     * @param per the window, at least one millisecond
     */
    public record Rate(int max, Duration per) {

        /**
         * Validates the rate.
         *
         * @throws IllegalArgumentException if {@code max} or {@code per} is out of range
         */
        public Rate {
            Objects.requireNonNull(per, "per");
            if (max < 1 || max > 1_000_000) {
                throw new IllegalArgumentException("rate max must be within 1..1,000,000 calls; got " + max);
            }
            if (per.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("rate window must be at least 1ms; got " + per);
            }
        }

        @Override
        public String toString() {
            return max + "/" + per;
        }
    }

    /**
     * Returns the defaults: arguments only, {@link Scope#GLOBAL}, not recorded, logged through
     * SLF4J, no rate or time limit, JDK classes refused.
     */
    public static TraceOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Sets whether each delivered call's RETURN or EXCEPTION is delivered too.
     *
     * @param returns {@code true} to report returns and exceptions
     * @return new options
     */
    public TraceOptions returns(boolean returns) {
        return with(copy -> copy.returns = returns);
    }

    /**
     * Sets which methods may be selected: {@link Scope#LOCAL} allows private ones.
     *
     * @param scope the scope
     * @return new options
     */
    public TraceOptions scope(Scope scope) {
        Objects.requireNonNull(scope, "scope");
        return with(copy -> copy.scope = scope);
    }

    /**
     * Sets whether events are also kept by the recorder ({@link SmartTracer#recorder()} unless
     * {@link #recorder(Recorder)} names another), for playback after the trace. Recording is in
     * addition to the handler, and happens on the tracer's dispatcher thread.
     *
     * @param record {@code true} to record
     * @return new options
     */
    public TraceOptions record(boolean record) {
        return with(copy -> copy.record = record);
    }

    /**
     * Records events into the given recorder instead of the default one; implies
     * {@code record(true)}.
     *
     * @param recorder the recorder
     * @return new options
     */
    public TraceOptions recorder(Recorder recorder) {
        Objects.requireNonNull(recorder, "recorder");
        return with(copy -> {
            copy.record = true;
            copy.recorder = recorder;
        });
    }

    /**
     * Sets the handler that receives events, instead of the default one that logs them
     * ({@link TraceHandler#discard()} to record without logging).
     *
     * @param handler the handler
     * @return new options
     */
    public TraceOptions handler(TraceHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return with(copy -> copy.handler = handler);
    }

    /**
     * Stops the trace with {@link StopReason#RATE_EXCEEDED} if more than {@code max} calls start
     * within one window of length {@code per}. A breach stops the trace; it does not throttle.
     *
     * @param max calls allowed per window, from 1 to 1,000,000
     * @param per the window, at least one millisecond
     * @return new options
     * @throws IllegalArgumentException if {@code max} or {@code per} is out of range
     */
    public TraceOptions rate(int max, Duration per) {
        Rate rate = new Rate(max, per);
        return with(copy -> copy.rate = rate);
    }

    /**
     * Stops the trace with {@link StopReason#TIMEOUT} once this much time has passed since
     * tracing started.
     *
     * @param timeout the time limit, positive
     * @return new options
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public TraceOptions timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive; got " + timeout);
        }
        return with(copy -> copy.timeout = timeout);
    }

    /**
     * Keeps an interface's or abstract class's method to itself. By default, naming an abstract
     * method (an interface's {@code Repository#save}, or {@code Repository::save}) selects the
     * method of every loaded class that implements or overrides it, counted against one limit,
     * each event naming the class that ran; with {@code declaredOnly(true)} only a method with a
     * body in the named class itself is selected, and an abstract one is refused.
     *
     * @param declaredOnly {@code true} to select the named class's own method only
     * @return new options
     */
    public TraceOptions declaredOnly(boolean declaredOnly) {
        return with(copy -> copy.declaredOnly = declaredOnly);
    }

    /** Returns whether an abstract method selects only itself (refused), not its implementations. */
    public boolean declaredOnly() {
        return declaredOnly;
    }

    /**
     * Allows tracing classes of the JDK ({@code java.*}, {@code javax.*}, {@code jdk.*},
     * {@code sun.*}, {@code com.sun.*}). Their methods are called from everywhere, so keep the
     * limit small.
     *
     * @param allow {@code true} to allow
     * @return new options
     */
    public TraceOptions allowJdkClasses(boolean allow) {
        return with(copy -> copy.allowJdkClasses = allow);
    }

    /**
     * Sets the time source for durations, rate windows and the time limit. Meant for tests.
     *
     * @param ticker the time source
     * @return new options
     */
    public TraceOptions ticker(Ticker ticker) {
        Objects.requireNonNull(ticker, "ticker");
        return with(copy -> copy.ticker = ticker);
    }

    /**
     * Sets how many events may wait for the handler before the trace trips with
     * {@link StopReason#OVERLOAD}. With returns, each delivered call holds room for two events, so
     * a return always has room; a trace whose {@code limit × events per call} fits, and their bytes ({@link #queueBytes(long)}), cannot overload.
     *
     * @param capacity from 2 to 10,000,000
     * @return new options
     * @throws IllegalArgumentException if out of range
     */
    public TraceOptions queueCapacity(int capacity) {
        if (capacity < 2 || capacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("queue capacity must be within 2..10,000,000 events; got " + capacity);
        }
        return with(copy -> copy.queueCapacity = capacity);
    }

    /**
     * Sets how many bytes the events waiting for the handler may keep on the heap (their snapshots:
     * a long string argument keeps up to its first 2,048 characters) before the trace trips with
     * {@link StopReason#OVERLOAD}, beside {@link #queueCapacity(int) their number}: whichever fills
     * first trips it, so a trace that cannot be kept up with never fills the heap. By default a
     * sixteenth of the JVM's maximum heap, at most {@value #DEFAULT_QUEUE_BYTES_CAP} bytes.
     *
     * @param bytes from 64 KiB to 256 GiB
     * @return new options
     * @throws IllegalArgumentException if out of range
     */
    public TraceOptions queueBytes(long bytes) {
        if (bytes < MIN_QUEUE_BYTES || bytes > 256L << 30) {
            throw new IllegalArgumentException("queue bytes must be within 64 KiB..256 GiB; got " + bytes);
        }
        return with(copy -> copy.queueBytes = bytes);
    }

    /**
     * Counts only calls made by threads whose name matches a pattern: {@code *} stands for any
     * characters, {@code ?} for one ({@code "http-nio-*"}). Other threads' calls take no slot.
     *
     * @param glob the pattern on the thread's name, not empty
     * @return new options
     * @throws IllegalArgumentException if {@code glob} is empty
     */
    public TraceOptions thread(String glob) {
        Objects.requireNonNull(glob, "glob");
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("the thread pattern is empty; give a thread name or a glob such as"
                    + " \"http-nio-*\"");
        }
        return with(copy -> copy.thread = glob);
    }

    /**
     * Counts only calls that end by throwing (an exception of a callee or one the JVM raised
     * included). The decision is made when the call ends, so the CALL event is delivered then,
     * with its arguments as they were at the start.
     *
     * @param raised {@code true} for calls that throw only
     * @return new options
     */
    public TraceOptions raised(boolean raised) {
        return with(copy -> copy.raised = raised);
    }

    /**
     * Counts only calls that take longer than a duration, decided when the call ends (see
     * {@link #raised(boolean)}).
     *
     * @param threshold the duration a call must exceed, positive
     * @return new options
     * @throws IllegalArgumentException if {@code threshold} is zero or negative
     */
    public TraceOptions slowerThan(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("the slow-call threshold must be positive; got " + threshold);
        }
        return with(copy -> copy.slowerThan = threshold);
    }

    /**
     * Counts only every {@code every}-th call among those that pass the other conditions: the
     * {@code every}-th, the {@code 2 × every}-th, and so on.
     *
     * @param every from 1 (every call) to 1,000,000,000
     * @return new options
     * @throws IllegalArgumentException if out of range
     */
    public TraceOptions sample(int every) {
        if (every < 1 || every > 1_000_000_000) {
            throw new IllegalArgumentException("sample must be within 1..1,000,000,000 (1 counts every call); got "
                    + every);
        }
        return with(copy -> copy.sample = every);
    }

    /**
     * Counts only the calls a condition accepts as they start; see {@link CallCondition}.
     *
     * @param condition the condition on the arguments' snapshots and the thread
     * @return new options
     */
    public TraceOptions when(CallCondition condition) {
        Objects.requireNonNull(condition, "condition");
        return with(copy -> copy.when = condition);
    }

    /**
     * Counts only the calls a condition accepts once they have ended: the decision is made at the
     * end, so the CALL event is delivered then (see {@link #raised(boolean)}). Like
     * {@link CallCondition}, it runs on the calling thread inside the tracer, and a throw counts as
     * no match.
     *
     * @param condition the condition on the completed call
     * @return new options
     */
    public TraceOptions whenCompleted(Predicate<CompletedCall> condition) {
        Objects.requireNonNull(condition, "condition");
        return with(copy -> copy.whenCompleted = condition);
    }

    /**
     * Counts only the calls for which an expression in the Common Expression Language is true,
     * the same as the command line's {@code --where}: {@code args[0] > 100},
     * {@code args[0].customerId == 42}, {@code thread.startsWith("http-")}, and at the call's end
     * {@code result}, {@code exception} and {@code elapsed}. Unlike {@link #when}, it reads the
     * arguments' live fields, as values: no method of the application runs. It needs the
     * {@code dev.smarttracer:tracer-cel} module on the class path; the expression is parsed,
     * type-checked and checked against the traced methods' parameters when the trace starts, before
     * anything is instrumented. Combines with {@link #when} (both must pass).
     *
     * @param expression the condition, e.g. {@code args[0].customerId == 42}
     * @return new options
     * @throws IllegalArgumentException if it is blank
     */
    public TraceOptions where(String expression) {
        Objects.requireNonNull(expression, "expression");
        if (expression.isBlank()) {
            throw new IllegalArgumentException("the condition is empty; write one such as args[0] > 100");
        }
        return with(copy -> copy.where = expression);
    }

    /** Returns the condition in the Common Expression Language, or empty for none. */
    public Optional<String> where() {
        return Optional.ofNullable(where);
    }

    /**
     * Counts at most {@code perKey} calls for each distinct value of an expression in the Common
     * Expression Language over the arguments and the thread, the same as the command line's
     * {@code --distinct}: {@code args[0]}, {@code args[0].userId}. Like {@link #where(String)}, it
     * reads the arguments' live fields as values and needs the {@code tracer-cel} module; otherwise
     * as {@link #distinct(Function, int)}, which it replaces.
     *
     * @param expression the key, e.g. {@code args[0].userId}
     * @param perKey calls counted per key, from 1 to 1,000,000
     * @return new options
     * @throws IllegalArgumentException if the expression is blank or {@code perKey} is out of range
     */
    public TraceOptions distinct(String expression, int perKey) {
        Objects.requireNonNull(expression, "expression");
        if (expression.isBlank()) {
            throw new IllegalArgumentException("the key is empty; write one such as args[0]");
        }
        checkPerKey(perKey);
        return with(copy -> {
            copy.distinctExpression = expression;
            copy.distinct = null;
            copy.perKey = perKey;
        });
    }

    /** Returns the key of {@link #distinct(String, int)} in the Common Expression Language, or empty. */
    public Optional<String> distinctExpression() {
        return Optional.ofNullable(distinctExpression);
    }

    /**
     * Counts at most {@code perKey} calls for each distinct value of a key computed from the
     * arguments' snapshots, so that a limit of 20 shows 20 different users rather than one busy
     * one. The counts are kept in a bounded table: at most {@value #MAX_KEYS} keys, each forgotten
     * {@link #KEY_EXPIRY} after its last call; a key that was forgotten (the table full, or quiet
     * for that long) counts from zero again. Applied after the other conditions, before sampling.
     * Like {@link CallCondition}, the key function runs on the calling thread inside the tracer;
     * one that throws counts the call as no match.
     *
     * @param key the key of a call, from its arguments' snapshots ({@code args -> args.get(0)})
     * @param perKey calls counted per key, from 1 to 1,000,000
     * @return new options
     * @throws IllegalArgumentException if {@code perKey} is out of range
     */
    public TraceOptions distinct(Function<List<Object>, Object> key, int perKey) {
        Objects.requireNonNull(key, "key");
        checkPerKey(perKey);
        return with(copy -> {
            copy.distinct = key;
            copy.distinctExpression = null;
            copy.perKey = perKey;
        });
    }

    /**
     * Captures the caller's stack with each delivered call: its CALL event carries up to
     * {@code depth} frames ({@link dev.smarttracer.recorder.Call#stack()}), the method's direct
     * caller first, each with its class, method, file and line. The frames are taken on the
     * calling thread as the call starts (with {@link StackWalker}, which costs microseconds rather
     * than nanoseconds, so only for calls that take a slot); frames of the tracer and the JVM's
     * hidden frames (lambda forms, reflection) are left out.
     *
     * @param depth frames per call, from 0 (no stack, the default) to {@value #MAX_STACK_DEPTH}
     * @return new options
     * @throws IllegalArgumentException if out of range
     */
    public TraceOptions stack(int depth) {
        checkStackDepth(depth);
        return with(copy -> copy.stackDepth = depth);
    }

    /** The deepest caller stack a call may carry. */
    public static final int MAX_STACK_DEPTH = 1024;

    /**
     * Checks a caller stack's depth.
     *
     * @param depth frames per call
     * @throws IllegalArgumentException if not within 0..{@value #MAX_STACK_DEPTH}
     */
    public static void checkStackDepth(int depth) {
        if (depth < 0 || depth > MAX_STACK_DEPTH) {
            throw new IllegalArgumentException("the stack depth must be within 0.." + MAX_STACK_DEPTH
                    + " frames (0 captures no stack); got " + depth);
        }
    }

    /** Returns how many caller frames each CALL carries; 0 for none. */
    public int stack() {
        return stackDepth;
    }

    /**
     * Checks a number of calls per key.
     *
     * @param perKey calls counted per key
     * @throws IllegalArgumentException if not within 1..1,000,000
     */
    public static void checkPerKey(int perKey) {
        if (perKey < 1 || perKey > 1_000_000) {
            throw new IllegalArgumentException("calls per key must be within 1..1,000,000; got " + perKey);
        }
    }

    /** Returns the key of distinct calls, or empty when calls are not counted per key. */
    public Optional<Function<List<Object>, Object>> distinct() {
        return Optional.ofNullable(distinct);
    }

    /** Returns how many calls count per distinct key (1 unless {@link #distinct} says more). */
    public int perKey() {
        return perKey;
    }

    /** Returns the pattern on the calling thread's name, or empty for every thread. */
    public Optional<String> thread() {
        return Optional.ofNullable(thread);
    }

    /** Returns whether only calls that throw count. */
    public boolean raised() {
        return raised;
    }

    /** Returns the duration a call must exceed to count, or empty for any call. */
    public Optional<Duration> slowerThan() {
        return Optional.ofNullable(slowerThan);
    }

    /** Returns which share of passing calls counts: 1 for every call, K for every K-th. */
    public int sample() {
        return sample;
    }

    /** Returns the condition on a call as it starts, or empty for none. */
    public Optional<CallCondition> when() {
        return Optional.ofNullable(when);
    }

    /** Returns the condition on a completed call, or empty for none. */
    public Optional<Predicate<CompletedCall>> whenCompleted() {
        return Optional.ofNullable(whenCompleted);
    }

    /** Returns whether returns and exceptions are reported. */
    public boolean returns() {
        return returns;
    }

    /** Returns which methods may be selected. */
    public Scope scope() {
        return scope;
    }

    /** Returns whether events are recorded. */
    public boolean record() {
        return record;
    }

    /** Returns the recorder chosen with {@link #recorder(Recorder)}, or empty for the default one. */
    public Optional<Recorder> recorder() {
        return Optional.ofNullable(recorder);
    }

    /** Returns the handler, or empty for the default logging handler. */
    public Optional<TraceHandler> handler() {
        return Optional.ofNullable(handler);
    }

    /** Returns the rate limit, or empty when there is none. */
    public Optional<Rate> rate() {
        return Optional.ofNullable(rate);
    }

    /** Returns the time limit, or empty when there is none. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** Returns whether JDK classes may be traced. */
    public boolean allowJdkClasses() {
        return allowJdkClasses;
    }

    /** Returns the time source. */
    public Ticker ticker() {
        return ticker;
    }

    /** Returns how many events may wait for the handler. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /**
     * Returns how many bytes the events waiting for the handler may keep on the heap: as set, or
     * else a sixteenth of this JVM's maximum heap, at most {@value #DEFAULT_QUEUE_BYTES_CAP}.
     */
    public long queueBytes() {
        return queueBytes > 0 ? queueBytes : heapShareQueueBytes(DEFAULT_QUEUE_BYTES_CAP);
    }

    /**
     * Returns a sixteenth of this JVM's maximum heap, within {@value #MIN_QUEUE_BYTES} bytes and
     * {@code cap}: the default of {@link #queueBytes(long)} with another cap.
     *
     * @param cap the most bytes, at least {@value #MIN_QUEUE_BYTES}
     */
    public static long heapShareQueueBytes(long cap) {
        return Math.max(MIN_QUEUE_BYTES, Math.min(cap, Runtime.getRuntime().maxMemory() / 16));
    }

    /**
     * Tells whether other options are the same: equal values, and the very same handler,
     * recorder and ticker.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof TraceOptions that && returns == that.returns && scope == that.scope
                && record == that.record && handler == that.handler && Objects.equals(rate, that.rate)
                && Objects.equals(timeout, that.timeout) && allowJdkClasses == that.allowJdkClasses
                && ticker == that.ticker && queueCapacity == that.queueCapacity && queueBytes == that.queueBytes && recorder == that.recorder
                && Objects.equals(thread, that.thread) && raised == that.raised
                && Objects.equals(slowerThan, that.slowerThan) && sample == that.sample && when == that.when
                && whenCompleted == that.whenCompleted && distinct == that.distinct && perKey == that.perKey
                && stackDepth == that.stackDepth && Objects.equals(where, that.where)
                && Objects.equals(distinctExpression, that.distinctExpression) && declaredOnly == that.declaredOnly;
    }

    @Override
    public int hashCode() {
        return Objects.hash(returns, scope, record, System.identityHashCode(handler), rate, timeout, allowJdkClasses,
                System.identityHashCode(ticker), queueCapacity, queueBytes, System.identityHashCode(recorder), thread, raised,
                slowerThan, sample, System.identityHashCode(when), System.identityHashCode(whenCompleted),
                System.identityHashCode(distinct), perKey, stackDepth, where, distinctExpression, declaredOnly);
    }

    @Override
    public String toString() {
        return "TraceOptions[returns=" + returns + ", scope=" + scope + ", record=" + record
                + ", handler=" + (handler == null ? "logging" : handler.getClass().getName())
                + ", rate=" + (rate == null ? "none" : rate)
                + ", timeout=" + (timeout == null ? "none" : timeout)
                + ", allowJdkClasses=" + allowJdkClasses + ", queueCapacity=" + queueCapacity
                + (queueBytes == 0 ? "" : ", queueBytes=" + queueBytes)
                + (thread == null ? "" : ", thread=" + thread) + (raised ? ", raised" : "")
                + (slowerThan == null ? "" : ", slowerThan=" + slowerThan) + (sample == 1 ? "" : ", sample=" + sample)
                + (when == null ? "" : ", when") + (whenCompleted == null ? "" : ", whenCompleted")
                + (distinct == null ? "" : ", distinct(perKey=" + perKey + ")")
                + (where == null ? "" : ", where=" + where)
                + (distinctExpression == null ? "" : ", distinct=" + distinctExpression + "(perKey=" + perKey + ")")
                + (stackDepth == 0 ? "" : ", stack=" + stackDepth) + (declaredOnly ? ", declaredOnly" : "") + "]";
    }

    private TraceOptions with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return new TraceOptions(copy);
    }

    /** The fields of options being derived from others; starts as the defaults. */
    private static final class Copy {
        boolean returns;
        Scope scope = Scope.GLOBAL;
        boolean record;
        TraceHandler handler;
        Rate rate;
        Duration timeout;
        boolean allowJdkClasses;
        Ticker ticker = Ticker.system();
        int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        /** 0: the default, from the heap. */
        long queueBytes;
        Recorder recorder;
        String thread;
        boolean raised;
        Duration slowerThan;
        int sample = 1;
        CallCondition when;
        Predicate<CompletedCall> whenCompleted;
        Function<List<Object>, Object> distinct;
        int perKey = 1;
        int stackDepth;
        String where;
        String distinctExpression;
        boolean declaredOnly;

        Copy() {
        }

        Copy(TraceOptions options) {
            returns = options.returns;
            scope = options.scope;
            record = options.record;
            handler = options.handler;
            rate = options.rate;
            timeout = options.timeout;
            allowJdkClasses = options.allowJdkClasses;
            ticker = options.ticker;
            queueCapacity = options.queueCapacity;
            queueBytes = options.queueBytes;
            recorder = options.recorder;
            thread = options.thread;
            raised = options.raised;
            slowerThan = options.slowerThan;
            sample = options.sample;
            when = options.when;
            whenCompleted = options.whenCompleted;
            distinct = options.distinct;
            perKey = options.perKey;
            stackDepth = options.stackDepth;
            where = options.where;
            distinctExpression = options.distinctExpression;
            declaredOnly = options.declaredOnly;
        }
    }
}
