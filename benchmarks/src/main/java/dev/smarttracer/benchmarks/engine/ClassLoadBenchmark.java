package dev.smarttracer.benchmarks.engine;

import com.acme.bench.Target;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import java.io.IOException;
import java.io.InputStream;
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
 * What loading a class costs while a trace that takes classes as they load is running, and
 * after it ended, beside loading with no trace: each operation defines {@link Target} (a class
 * the traces do not take) in a fresh class loader, each state in fresh JVMs:
 *
 * <ul>
 *   <li>{@code never}: no trace ever, the baseline;
 *   <li>{@code wildcard}: a trace of {@code com.acme.elsewhere.*#*} waits (the class's name is
 *       matched against the wildcard);
 *   <li>{@code implementations}: a trace of {@code com.acme.Repository#save} with no
 *       implementation loaded waits (the class file's header is read for its supertypes);
 *   <li>{@code annotation}: a trace of {@code @com.acme.bench.Marked} waits (the class file's
 *       bytes are searched for the annotation's name);
 *   <li>{@code ended}: a wildcard trace ran and detached before the measurement: nothing is left
 *       to pay.
 * </ul>
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar ClassLoadBenchmark -rf json -rff classload.json}, then
 * {@code java -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.Ratios classload.json}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading",
        "-Djdk.attach.allowAttachSelf=true"})
public class ClassLoadBenchmark {

    @Param({"never", "wildcard", "implementations", "annotation", "ended"})
    public String state;

    private byte[] classfile;
    private Trace trace;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        try (InputStream in = Target.class.getResourceAsStream("Target.class")) {
            classfile = in.readAllBytes();
        }
        TraceOptions options = TraceOptions.defaults().handler(TraceHandler.discard());
        switch (state) {
            case "never" -> { }
            case "wildcard" -> trace = SmartTracer.trace("com.acme.elsewhere.*#*", Integer.MAX_VALUE, options);
            case "implementations" -> trace = SmartTracer.trace("com.acme.Repository#save", Integer.MAX_VALUE, options);
            case "annotation" -> trace = SmartTracer.trace("@com.acme.bench.Marked", Integer.MAX_VALUE, options);
            case "ended" -> {
                Trace ended = SmartTracer.trace("com.acme.elsewhere.*#*", Integer.MAX_VALUE, options);
                ended.close();
                if (!ended.awaitDetached(Duration.ofSeconds(10))) {
                    throw new IllegalStateException("the trace did not detach");
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
    public Class<?> load() {
        return new Defining(classfile).define();
    }

    /** A loader that defines one class from its bytes. */
    private static final class Defining extends ClassLoader {
        private final byte[] classfile;

        Defining(byte[] classfile) {
            super(ClassLoadBenchmark.class.getClassLoader());
            this.classfile = classfile;
        }

        Class<?> define() {
            return defineClass(Target.class.getName(), classfile, 0, classfile.length);
        }
    }
}
