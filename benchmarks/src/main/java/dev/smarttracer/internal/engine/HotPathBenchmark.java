package dev.smarttracer.internal.engine;

import com.acme.bench.Target;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a traced method costs its caller in each state of a trace, measured on
 * {@link Target#greet(String)} (one String argument, returns an int), each state in a fresh JVM:
 *
 * <ul>
 *   <li>{@code never}: never traced, the baseline;
 *   <li>{@code detached}: traced, then the trace ended and the class was restored;
 *   <li>{@code gateClosed}: advice present but its gate closed, as between a trace's end and the
 *       restore of its class;
 *   <li>{@code delivering}: every call delivered with {@code returns(true)} to a handler that does
 *       nothing (the dispatcher runs on the other core);
 *   <li>{@code recording}: the same with {@code record(true)} into the default recorder, whose
 *       work happens on the dispatcher thread.
 * </ul>
 *
 * Each state is measured twice: {@link #call()} back to back, and {@link #callPaced()} with
 * fixed work between calls; compare each to the baseline of the same kind.
 *
 * Run all states, with ratios to {@code never} from the same run:
 * {@code java -jar benchmarks/target/benchmarks.jar dev.smarttracer.internal.engine.HotPathBenchmark
 * -rf json -rff hotpath.json}, then {@code java -cp benchmarks/target/benchmarks.jar
 * dev.smarttracer.benchmarks.Ratios hotpath.json}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading",
        "-Djdk.attach.allowAttachSelf=true"})
public class HotPathBenchmark {

    @Param({"never", "detached", "gateClosed", "delivering", "recording"})
    public String state;

    private static final long PACE_TOKENS = 256;

    private String name = "FizzBuzz";
    private Trace trace;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        switch (state) {
            case "never" -> { }
            case "detached" -> {
                Trace once = SmartTracer.trace(Target::greet, 1, TraceOptions.defaults().handler(call -> { }));
                Target.greet("once");
                require(once.awaitDetached(Duration.ofSeconds(10)), "trace did not detach");
            }
            case "gateClosed" -> {
                trace = SmartTracer.trace(Target::greet, Integer.MAX_VALUE, TraceOptions.defaults().handler(call -> { }));
                GateControl.close(((TraceSession) trace).probes().get(0).id);
            }
            case "delivering" -> trace = SmartTracer.trace(Target::greet, Integer.MAX_VALUE,
                    TraceOptions.defaults().returns(true).queueCapacity(10_000_000).handler(call -> { }));
            case "recording" -> trace = SmartTracer.trace(Target::greet, Integer.MAX_VALUE,
                    TraceOptions.defaults().returns(true).queueCapacity(10_000_000).handler(call -> { })
                            .record(true));
            default -> throw new IllegalArgumentException("unknown state " + state);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (trace != null) {
            // A trip (OVERLOAD, say) would have measured something else than delivering.
            require(trace.stopReason() == null, "the trace stopped during the run: " + trace.stopReason());
            trace.close();
        }
    }

    /** Back-to-back calls: the ratio that shows a detached or gated method's residual cost. */
    @Benchmark
    public int call() {
        return Target.greet(name);
    }

    /**
     * Calls with some work between them, as a traced method sees in an application: the
     * dispatcher keeps up, so the difference to the baseline is what the calling thread pays,
     * not the garbage of a backlog that a back-to-back loop of delivered calls builds up.
     */
    @Benchmark
    public int callPaced() {
        Blackhole.consumeCPU(PACE_TOKENS);
        return Target.greet(name);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
