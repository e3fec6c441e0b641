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

/**
 * What a method costs once its trace no longer delivers, back to back, on
 * {@link Target#greet(String)}, each state in fresh JVMs:
 *
 * <ul>
 *   <li>{@code never}: never traced, the baseline;
 *   <li>{@code detached}: traced, then the trace ended and the class was restored;
 *   <li>{@code gateClosed}: advice present but its gate closed, as between a trace's end and the
 *       restore of its class.
 * </ul>
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar DetachBenchmark -rf json -rff detach.json}, then
 * {@code java -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.Ratios detach.json}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading",
        "-Djdk.attach.allowAttachSelf=true"})
public class DetachBenchmark {

    @Param({"never", "detached", "gateClosed"})
    public String state;

    private String name = "FizzBuzz";
    private Trace trace;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        switch (state) {
            case "never" -> { }
            case "detached" -> {
                Trace once = SmartTracer.trace(Target::greet, 1, TraceOptions.defaults().handler(TraceHandler.discard()));
                Target.greet("once");
                if (!once.awaitDetached(Duration.ofSeconds(10))) {
                    throw new IllegalStateException("trace did not detach");
                }
            }
            case "gateClosed" -> {
                trace = SmartTracer.trace(Target::greet, Integer.MAX_VALUE, TraceOptions.defaults().handler(TraceHandler.discard()));
                int closed = GateControl.closeOpenGates();
                if (closed != 1) {
                    throw new IllegalStateException("expected the trace's one open gate, closed " + closed);
                }
            }
            default -> throw new IllegalArgumentException("unknown state " + state);
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
        return Target.greet(name);
    }
}
