package dev.smarttracer.benchmarks.engine;

import dev.smarttracer.TraceHandler;
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
 * What a delivered call costs the calling thread, on {@link Target#greet(String)} (one String
 * argument) with {@code returns(true)} and a handler that does nothing, each state in fresh JVMs:
 *
 * <ul>
 *   <li>{@code never}: never traced, the baseline;
 *   <li>{@code delivering}: every call delivered;
 *   <li>{@code recording}: the same with {@code record(true)}, whose work is the dispatcher's;
 *   <li>{@code rejected}: a condition on the arguments turns every call away as it starts
 *       ({@code when((args, thread) -> false)}): snapshot, condition, no event;
 *   <li>{@code otherThread}: a thread glob turns every call away, before any snapshot;
 *   <li>{@code exitFilter}: every call decided at its end and delivered
 *       ({@code slowerThan(1 ns)}): the call waits for its end, takes its slot there and queues its
 *       CALL and RETURN together;
 *   <li>{@code stack8}: every call delivered with its callers, {@code stack(8)}.
 * </ul>
 *
 * <p>Calls are paced by fixed work ({@code pace} JMH tokens) as in an application; back to back,
 * a single producer outruns the one dispatcher and the trace would rightly stop with OVERLOAD.
 * The dispatcher runs on the other core. The difference to {@code never} at the same pace is
 * the calling thread's cost; a run whose trace stopped fails rather than report a wrong figure.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar DeliveryBenchmark -rf json -rff delivery.json}, then
 * {@code java -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.Ratios delivery.json}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading",
        "-Djdk.attach.allowAttachSelf=true"})
public class DeliveryBenchmark {

    @Param({"never", "delivering", "recording", "rejected", "otherThread", "exitFilter", "stack8"})
    public String state;

    @Param({"256", "1024"})
    public long pace;

    private String name = "FizzBuzz";
    private Trace trace;

    @Setup(Level.Trial)
    public void setUp() {
        TraceOptions delivering = TraceOptions.defaults().returns(true).queueCapacity(10_000_000).queueBytes(1L << 30)
                .handler(TraceHandler.discard());
        switch (state) {
            case "never" -> { }
            case "delivering" -> trace = SmartTracer.trace(Target::greet, Integer.MAX_VALUE, delivering);
            case "recording" -> trace = SmartTracer.trace(Target::greet, Integer.MAX_VALUE, delivering.record(true));
            case "rejected" -> trace = SmartTracer.trace(Target::greet, Integer.MAX_VALUE,
                    delivering.when((args, thread) -> false));
            case "otherThread" -> trace = SmartTracer.trace(Target::greet, Integer.MAX_VALUE,
                    delivering.thread("no-such-thread"));
            case "exitFilter" -> trace = SmartTracer.trace(Target::greet, Integer.MAX_VALUE,
                    delivering.slowerThan(Duration.ofNanos(1)));
            case "stack8" -> trace = SmartTracer.trace(Target::greet, Integer.MAX_VALUE, delivering.stack(8));
            default -> throw new IllegalArgumentException("unknown state " + state);
        }
    }

    @TearDown(Level.Iteration)
    public void stillDelivering() {
        if (trace != null && trace.stopReason() != null) {
            throw new IllegalStateException("the trace stopped during the run (" + trace.stopReason()
                    + "): the dispatcher did not keep up at this pace");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (trace != null) {
            trace.close();
        }
    }

    @Benchmark
    public int call() {
        Blackhole.consumeCPU(pace);
        return Target.greet(name);
    }
}
