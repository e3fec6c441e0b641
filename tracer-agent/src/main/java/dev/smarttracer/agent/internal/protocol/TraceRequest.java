package dev.smarttracer.agent.internal.protocol;

import dev.smarttracer.Scope;
import dev.smarttracer.TraceOptions;
import java.time.Duration;

/**
 * What a client asks a target to trace: a method selection (a pattern, as
 * {@code SmartTracer.trace(String, int, TraceOptions)} takes it), a call limit and the options
 * of {@code smarttracer trace}. Validates on construction, with the same bounds as
 * {@link TraceOptions}.
 *
 * @param pattern the methods, e.g. {@code com.acme.Pricing#discount} or {@code com.acme.*Service::get*}
 * @param limit how many calls to deliver, at least 1
 * @param returns whether returns and exceptions are delivered too
 * @param local whether private methods may be selected ({@code Scope.LOCAL})
 * @param record whether the target's recorder keeps the events
 * @param rateMax calls allowed per rate window, or 0 for no rate limit
 * @param ratePerMillis the rate window in milliseconds, or 0 for no rate limit
 * @param timeoutMillis the time limit in milliseconds, or 0 for none
 * @param allowJdk whether JDK classes may be traced
 * @param keepMillis how long the target keeps the recording after the trace ends
 * @param filters which calls count; {@code null} for every call
 * @param declaredOnly whether an abstract method selects only itself, not its implementations
 * @param background whether the trace records in the target only, on its own after the request is answered,
 *     until one of its bounds or {@code stop} ends it (requires {@code record})
 */
public record TraceRequest(String pattern, int limit, boolean returns, boolean local, boolean record, int rateMax,
        long ratePerMillis, long timeoutMillis, boolean allowJdk, long keepMillis, Filters filters,
        boolean declaredOnly, boolean background) {

    /**
     * Which calls count ({@code trace --where --thread --raised --slower-than --sample --distinct
     * --per-key}), and what each carries ({@code --stack}).
     *
     * @param where a condition in the Common Expression Language, or {@code null}
     * @param thread a glob on the calling thread's name, or {@code null}
     * @param raised whether only calls that throw count
     * @param slowerThanNanos the duration a call must exceed to count, or 0
     * @param sample 1 for every call that passes, K for every K-th
     * @param distinct a key in the Common Expression Language for per-key limits, or {@code null}
     * @param perKey calls counted per distinct key
     * @param stack caller frames each CALL carries, 0 for none
     */
    public record Filters(String where, String thread, boolean raised, long slowerThanNanos, int sample,
            String distinct, int perKey, int stack) {

        /** Every call counts, without its stack. */
        public static final Filters NONE = new Filters(null, null, false, 0, 1, null, 1, 0);

        /** Validates the filters, with the bounds of {@link TraceOptions}; the expression is checked where it runs. */
        public Filters {
            if (thread != null) {
                TraceOptions.defaults().thread(thread);
            }
            if (slowerThanNanos < 0) {
                throw new IllegalArgumentException("the slow-call threshold must be positive; got " + slowerThanNanos
                        + " ns");
            }
            TraceOptions.defaults().sample(sample);
            if (where != null && where.isBlank()) {
                throw new IllegalArgumentException("the condition is empty; write one such as 'args[0] > 100'");
            }
            if (distinct != null && distinct.isBlank()) {
                throw new IllegalArgumentException("the key is empty; write one such as 'args[0]'");
            }
            TraceOptions.checkPerKey(perKey);
            TraceOptions.checkStackDepth(stack);
            if (perKey != 1 && distinct == null) {
                throw new IllegalArgumentException("--per-key " + perKey + " needs --distinct: say what a key is,"
                        + " e.g. --distinct 'args[0]'");
            }
        }

        /** Applies the filters but the expression to trace options. */
        TraceOptions applyTo(TraceOptions options) {
            TraceOptions applied = options.raised(raised).sample(sample).stack(stack);
            if (distinct != null) {
                // The key itself is an expression, computed where the trace runs; the options keep the count.
                applied = applied.distinct(args -> null, perKey);
            }
            if (thread != null) {
                applied = applied.thread(thread);
            }
            if (slowerThanNanos > 0) {
                applied = applied.slowerThan(Duration.ofNanos(slowerThanNanos));
            }
            return applied;
        }
    }

    /** How long a recording is kept after its trace ended unless the client says otherwise: 1 hour. */
    public static final Duration DEFAULT_KEEP = Duration.ofHours(1);

    /** Validates the request. */
    public TraceRequest {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("the method pattern is empty; name the methods to trace, e.g."
                    + " com.acme.Foo#bar");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1; got " + limit
                    + ". Every trace is bounded: pass the number of calls to deliver");
        }
        if ((rateMax == 0) != (ratePerMillis == 0)) {
            throw new IllegalArgumentException("a rate needs both a number of calls and a window; got " + rateMax
                    + " calls per " + ratePerMillis + " ms");
        }
        if (rateMax != 0) {
            TraceOptions.defaults().rate(rateMax, Duration.ofMillis(ratePerMillis));
        }
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout must be positive; got " + timeoutMillis + " ms");
        }
        if (filters == null) {
            filters = Filters.NONE;
        }
        if (keepMillis < 0) {
            throw new IllegalArgumentException("the time to keep a recording must be 0 or more; got " + keepMillis
                    + " ms");
        }
        if (background && !record) {
            throw new IllegalArgumentException("--background keeps the calls in the target only: add --record, and"
                    + " read them with smarttracer playback");
        }
    }

    /**
     * Reads a request from its message.
     *
     * @param message a {@link Protocol#TRACE} message
     * @return the request
     * @throws MalformedFrameException if a member is missing or mistyped
     * @throws IllegalArgumentException if a value is out of range
     */
    public static TraceRequest from(Message message) throws MalformedFrameException {
        long limit = message.whole("limit");
        long rateMax = message.whole("rateMax", 0);
        return new TraceRequest(message.string("pattern"), (int) Math.max(Integer.MIN_VALUE,
                Math.min(Integer.MAX_VALUE, limit)), message.flag("returns", false), message.flag("local", false),
                message.flag("record", false), (int) Math.max(-1, Math.min(Integer.MAX_VALUE, rateMax)),
                message.whole("ratePerMillis", 0), message.whole("timeoutMillis", 0), message.flag("allowJdk", false),
                message.whole("keepMillis", DEFAULT_KEEP.toMillis()), new Filters(message.stringOrNull("where"),
                        message.stringOrNull("thread"), message.flag("raised", false),
                        message.whole("slowerThanNanos", 0),
                        (int) Math.max(-1, Math.min(Integer.MAX_VALUE, message.whole("sample", 1))),
                        message.stringOrNull("distinct"),
                        (int) Math.max(-1, Math.min(Integer.MAX_VALUE, message.whole("perKey", 1))),
                        (int) Math.max(-1, Math.min(Integer.MAX_VALUE, message.whole("stack", 0)))),
                message.flag("declaredOnly", false), message.flag("background", false));
    }

    /** Returns the request as a message. */
    public Message toMessage() {
        return Message.of(Protocol.TRACE).with("pattern", pattern).with("limit", limit).with("returns", returns)
                .with("local", local).with("record", record).with("rateMax", rateMax)
                .with("ratePerMillis", ratePerMillis).with("timeoutMillis", timeoutMillis).with("allowJdk", allowJdk)
                .with("keepMillis", keepMillis).with("where", filters.where()).with("thread", filters.thread())
                .with("raised", filters.raised()).with("slowerThanNanos", filters.slowerThanNanos())
                .with("sample", filters.sample()).with("distinct", filters.distinct())
                .with("perKey", filters.perKey()).with("stack", filters.stack()).with("declaredOnly", declaredOnly)
                .with("background", background);
    }

    /**
     * Returns the request's options as the command line writes them, e.g.
     * {@code --return --where 'args[0] > 5' --sample 10}, for {@code status}; empty for none.
     * Durations are in milliseconds, or nanoseconds where a millisecond would round.
     */
    public String optionsText() {
        StringBuilder text = new StringBuilder();
        flag(text, returns, "--return");
        flag(text, local, "--local");
        flag(text, record, "--record");
        flag(text, background, "--background");
        flag(text, allowJdk, "--allow-jdk");
        flag(text, declaredOnly, "--declared-only");
        if (rateMax != 0) {
            text.append(" --rate ").append(rateMax).append('/').append(ratePerMillis).append("ms");
        }
        if (timeoutMillis != 0) {
            text.append(" --timeout ").append(timeoutMillis).append("ms");
        }
        if (filters.where() != null) {
            text.append(" --where ").append(quoted(filters.where()));
        }
        if (filters.thread() != null) {
            text.append(" --thread ").append(quoted(filters.thread()));
        }
        flag(text, filters.raised(), "--raised");
        if (filters.slowerThanNanos() > 0) {
            long nanos = filters.slowerThanNanos();
            text.append(" --slower-than ").append(nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : nanos + "ns");
        }
        if (filters.distinct() != null) {
            text.append(" --distinct ").append(quoted(filters.distinct()));
            if (filters.perKey() != 1) {
                text.append(" --per-key ").append(filters.perKey());
            }
        }
        if (filters.sample() != 1) {
            text.append(" --sample ").append(filters.sample());
        }
        if (filters.stack() != 0) {
            text.append(" --stack ").append(filters.stack());
        }
        return text.toString().strip();
    }

    private static void flag(StringBuilder text, boolean set, String flag) {
        if (set) {
            text.append(' ').append(flag);
        }
    }

    /** Quotes a word as a POSIX shell would read it back: in single quotes, each ' written '\''. */
    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''").replace('\n', ' ') + "'";
    }

    /** Returns the trace options this request asks for, without handler or recorder. */
    public TraceOptions options() {
        TraceOptions options = TraceOptions.defaults().returns(returns).scope(local ? Scope.LOCAL : Scope.GLOBAL)
                .allowJdkClasses(allowJdk).declaredOnly(declaredOnly);
        if (rateMax != 0) {
            options = options.rate(rateMax, Duration.ofMillis(ratePerMillis));
        }
        if (timeoutMillis != 0) {
            options = options.timeout(Duration.ofMillis(timeoutMillis));
        }
        return filters.applyTo(options);
    }
}
