package dev.smarttracer.benchmarks.engine;

import dev.smarttracer.TraceHandler;
import com.acme.bench.Target;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first trace in a fresh JVM: self-attach, bridge injection, Byte Buddy warming up and the
 * install, as a user's first {@code trace()} call pays it. One measurement per forked JVM.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.engine.FirstTraceBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, jvmArgsAppend = {"-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading"})
public class FirstTraceBenchmark {

    @Benchmark
    public Trace firstTrace() {
        Trace trace = SmartTracer.trace(Target::install, 1, TraceOptions.defaults().handler(TraceHandler.discard()));
        trace.close();
        return trace;
    }
}
