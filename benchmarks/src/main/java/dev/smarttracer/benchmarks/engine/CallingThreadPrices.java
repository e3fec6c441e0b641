package dev.smarttracer.benchmarks.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the steps a delivered call takes on the calling thread cost on this machine, each alone: the
 * price list behind {@link DeliveryBenchmark}'s total. A delivered call with its return reads the
 * clock twice (entry and exit), takes its slot by compare-and-set and its queue room by an atomic
 * add, swaps itself into the event queue twice (CALL and RETURN), allocates two events and its
 * exit (about 80, 80 and 40 bytes), and reads the thread's name and id twice. Nothing here is the
 * tracer's code: these are the JVM operations it is made of, so that what is left of the total
 * is what the tracer's own code adds.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar CallingThreadPrices}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CallingThreadPrices {

    private final AtomicLong slot = new AtomicLong();
    private final AtomicReference<Object> tail = new AtomicReference<>();
    private final Object node = new Object();

    /** An object of an event's size: a header and eleven fields. */
    static final class EventSized {
        Object a;
        Object b;
        Object c;
        long d;
        Object e;
        Object f;
        Object g;
        Object h;
        long i;
        long j;
        long k;
    }

    @Benchmark
    public long clockRead() {
        return System.nanoTime();
    }

    @Benchmark
    public boolean compareAndSet() {
        long current = slot.get();
        return slot.compareAndSet(current, current + 1);
    }

    @Benchmark
    public long atomicAdd() {
        return slot.addAndGet(1);
    }

    @Benchmark
    public Object queueSwap() {
        return tail.getAndSet(node);
    }

    @Benchmark
    public Object eventSizedAllocation() {
        EventSized event = new EventSized();
        event.a = node;
        event.d = 1;
        return event;
    }

    @Benchmark
    public Object threadNameAndId() {
        Thread thread = Thread.currentThread();
        return thread.getId() == 0 ? null : thread.getName();
    }

    @Benchmark
    public int threadIdentityHash() {
        return System.identityHashCode(Thread.currentThread());
    }
}
