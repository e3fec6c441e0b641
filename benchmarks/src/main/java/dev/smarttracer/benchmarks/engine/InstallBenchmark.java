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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long {@code trace()} takes to install on one class when the engine is already running
 * (sampled, so the report has p50 and p99). Each invocation's trace is closed, and its class
 * restored, outside the measured time.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.engine.InstallBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading",
        "-Djdk.attach.allowAttachSelf=true"})
public class InstallBenchmark {

    private Trace trace;

    @Benchmark
    public Trace install() {
        trace = SmartTracer.trace(Target::install, 1, TraceOptions.defaults().handler(TraceHandler.discard()));
        return trace;
    }

    @TearDown(Level.Invocation)
    public void detach() throws InterruptedException {
        trace.close();
        if (!trace.awaitDetached(Duration.ofSeconds(10))) {
            throw new IllegalStateException("trace did not detach");
        }
    }
}
