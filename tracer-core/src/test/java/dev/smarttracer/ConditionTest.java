package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.Checkout;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.CallerFrame;
import dev.smarttracer.recorder.StopReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which calls count: under 8 threads, a trace with conditions delivers exactly its limit of the
 * calls that pass every condition, each CALL paired with its end, and nothing a condition does
 * reaches the application.
 */
class ConditionTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 20_000;
    private static final int LIMIT = 500;
    /** Reads the traced thread's own clock, which {@link Checkout#pay} advances by what it is asked. */
    private static final Ticker THREAD_CLOCK = () -> Checkout.CLOCK.get()[0];

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void thread_countsOnlyCallsOfThreadsWhoseNameMatches() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Checkout::pay, LIMIT, collector.options().thread("http-*")
                .queueCapacity(1_000_000));
        hammer(t -> (t % 2 == 0 ? "http-nio-" : "batch-") + t);

        List<Call> calls = collector.awaitStopped();
        assertExactly(trace, calls, CallType.CALL);
        assertThat(calls).allSatisfy(call -> assertThat(call.threadName()).startsWith("http-nio-"));
    }

    @Test
    void raised_countsOnlyCallsThatThrow_eachWithItsException() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Checkout::pay, LIMIT, collector.options().raised(true).returns(true)
                .queueCapacity(1_000_000));
        hammer(t -> "caller-" + t);

        List<Call> calls = collector.awaitStopped();
        assertExactly(trace, calls, CallType.CALL, CallType.EXCEPTION);
        assertThat(collector.ofType(CallType.CALL))
                .allSatisfy(call -> assertThat((Integer) call.args().get(0) % 10).isEqualTo(7));
        assertThat(collector.ofType(CallType.EXCEPTION)).allSatisfy(call -> {
            assertThat(call.exception().type()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(call.exception().message()).startsWith("card declined for ");
        });
        assertPaired(collector);
    }

    @Test
    void raised_withoutReturns_deliversOnlyTheCallsThatThrew() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Checkout::pay, LIMIT, collector.options().raised(true)
                .queueCapacity(1_000_000));
        hammer(t -> "caller-" + t);

        List<Call> calls = collector.awaitStopped();
        assertExactly(trace, calls, CallType.CALL);
        assertThat(calls).allSatisfy(call -> assertThat((Integer) call.args().get(0) % 10).isEqualTo(7));
    }

    @Test
    void slowerThan_countsOnlyCallsLongerThanTheThreshold() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Checkout::pay, LIMIT, collector.options().slowerThan(Duration.ofNanos(200))
                .ticker(THREAD_CLOCK).returns(true).queueCapacity(1_000_000));
        hammer(t -> "caller-" + t);

        List<Call> calls = collector.awaitStopped();
        assertExactly(trace, calls, CallType.CALL, CallType.RETURN, CallType.EXCEPTION);
        assertThat(collector.ofType(CallType.CALL)).allSatisfy(call -> assertThat(call.args().get(1)).isEqualTo(300L));
        assertThat(calls).filteredOn(call -> call.type() != CallType.CALL)
                .allSatisfy(call -> assertThat(call.durationNanos()).isEqualTo(300L));
        assertPaired(collector);
    }

    @Test
    void when_countsOnlyCallsTheConditionAccepts_andAConditionThatThrowsIsNoMatchCounted() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Checkout::pay, LIMIT, collector.options().returns(true)
                .queueCapacity(1_000_000).when((args, thread) -> {
                    int customer = (Integer) args.get(0);
                    if (customer % 3 == 0) {
                        throw new IllegalStateException("no rule for " + customer);
                    }
                    return customer % 2 == 0;
                }));
        hammer(t -> "caller-" + t);

        List<Call> calls = collector.awaitStopped();
        assertExactly(trace, calls, CallType.CALL, CallType.RETURN, CallType.EXCEPTION);
        assertThat(collector.ofType(CallType.CALL)).allSatisfy(call -> {
            int customer = (Integer) call.args().get(0);
            assertThat(customer % 2).isZero();
            assertThat(customer % 3).isNotZero();
        });
        TraceEngine.ConditionFailures failures = TraceEngine.instance().conditionFailures(trace);
        assertThat(failures.count()).isPositive();
        assertThat(failures.first()).startsWith("java.lang.IllegalStateException: no rule for ");
        assertPaired(collector);
    }

    @Test
    void whenCompleted_countsOnlyCompletedCallsTheConditionAccepts() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Checkout::pay, LIMIT, collector.options().returns(true)
                .queueCapacity(1_000_000).whenCompleted(call -> !call.raised()
                        && (Integer) call.returnValue() % 100 == 1 && call.threadName().startsWith("caller-")));
        hammer(t -> "caller-" + t);

        List<Call> calls = collector.awaitStopped();
        assertExactly(trace, calls, CallType.CALL, CallType.RETURN);
        assertThat(collector.ofType(CallType.RETURN))
                .allSatisfy(call -> assertThat((Integer) call.returnValue() % 100).isEqualTo(1));
        assertPaired(collector);
    }

    @Test
    void distinct_countsAtMostKCallsPerKey_underEightThreads() throws Exception {
        Collector collector = new Collector();
        // 8 threads × 20,000 customers, keyed by customer modulo 250: 250 keys, 2 calls each at most.
        Trace trace = SmartTracer.trace(Checkout::pay, LIMIT, collector.options().returns(true)
                .queueCapacity(1_000_000).distinct(args -> (Integer) args.get(0) % 250, 2));
        hammer(t -> "caller-" + t);

        List<Call> calls = collector.awaitStopped();
        assertExactly(trace, calls, CallType.CALL, CallType.RETURN, CallType.EXCEPTION);
        Map<Integer, Long> perKey = collector.ofType(CallType.CALL).stream()
                .collect(Collectors.groupingBy(call -> (Integer) call.args().get(0) % 250, Collectors.counting()));
        assertThat(perKey).hasSize(250).allSatisfy((key, count) -> assertThat(count).isEqualTo(2L));
        assertThat(TraceEngine.instance().rejections(trace)).containsEntry("keys", 250L)
                .hasEntrySatisfying("key", rejected -> assertThat(rejected).isPositive());
        assertPaired(collector);
    }

    @Test
    void distinct_withAConditionOnTheEnd_keysTheCallsThatPassedIt() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Checkout::pay, 8, collector.options().raised(true).returns(true)
                .distinct(args -> Thread.currentThread().getName(), 1).queueCapacity(1_000));
        hammer(t -> "caller-" + t);

        List<Call> calls = collector.awaitStopped();
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(collector.ofType(CallType.CALL)).hasSize(8).extracting(Call::threadName).doesNotHaveDuplicates();
        assertThat(collector.ofType(CallType.EXCEPTION)).hasSize(8);
        assertThat(calls).hasSize(16);
    }

    @Test
    void sample_takesEveryKthOfTheCallsThatPassTheOtherConditions() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace(Checkout::pay, 5, collector.options().sample(3)
                .when((args, thread) -> (Integer) args.get(0) % 2 == 0));
        for (int customer = 2; customer <= 100; customer += 2) {
            Checkout.pay(customer, 1);
        }

        List<Call> calls = collector.awaitStopped();
        assertThat(calls).extracting(call -> call.args().get(0)).containsExactly(6, 12, 18, 24, 30);
    }

    @Test
    void rejectionCounts_areExactForEachFilter_inTheOrderTheyApply() throws Exception {
        Collector collector = new Collector();
        // Threads, then the condition, then the key, then the sample: each counts what it turned away.
        Trace trace = SmartTracer.trace(Checkout::pay, 4, collector.options().thread("http-*")
                .when((args, thread) -> (Integer) args.get(0) % 2 == 0).distinct(args -> (Integer) args.get(0) % 10, 1)
                .sample(2));
        Thread batch = new Thread(() -> {
            for (int customer = 0; customer < 7; customer++) {
                Checkout.pay(1000 + customer * 2, 1);
            }
        }, "batch-1");
        batch.start();
        batch.join();
        Thread http = new Thread(() -> {
            for (int customer : new int[] {2, 3, 4, 12, 6, 8, 13, 10, 16, 18, 20, 22, 24}) {
                Checkout.pay(customer, 1);
            }
        }, "http-nio-1");
        http.start();
        http.join();

        List<Call> calls = collector.awaitStopped();
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        // batch-1's 7 calls: thread. 3, 13: condition. Of the even ones, a key that has had its call
        // (16: key 6, 20: key 0) is turned away before the sample; the sample takes every 2nd of the rest
        // (turning away 2, 12, 8, 18), and a key counts only for a call taken. 24 comes after the limit.
        assertThat(calls).extracting(call -> call.args().get(0)).containsExactly(4, 6, 10, 22);
        assertThat(TraceEngine.instance().rejections(trace)).containsExactly(Map.entry("thread", 7L),
                Map.entry("condition", 2L), Map.entry("key", 2L), Map.entry("keys", 4L), Map.entry("sample", 4L));
    }

    @Test
    void conditionsAreDecidedAtTheEnd_evenForCallsStillRunningWhenTheTraceEnds() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Checkout::pay, 1, collector.options().raised(true).returns(true));
        for (int customer = 1; customer <= 30; customer++) {
            try {
                Checkout.pay(customer, 1);
            } catch (IllegalArgumentException declined) {
                // customers 7, 17 and 27
            }
        }

        List<Call> calls = collector.awaitStopped();
        assertThat(calls).extracting(Call::type, call -> call.args().isEmpty() ? null : call.args().get(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CallType.CALL, 7),
                        org.assertj.core.groups.Tuple.tuple(CallType.EXCEPTION, null));
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
    }

    @Test
    void stack_eachDeliveredCallCarriesItsCallers_directCallerFirst_underEightThreads() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Checkout::pay, LIMIT, collector.options().stack(8).returns(true)
                .thread("http-*").queueCapacity(1_000_000));
        hammer(t -> (t % 2 == 0 ? "http-nio-" : "batch-") + t);

        List<Call> calls = collector.awaitStopped();
        assertExactly(trace, calls, CallType.CALL, CallType.RETURN, CallType.EXCEPTION);
        assertThat(collector.ofType(CallType.CALL)).allSatisfy(call -> {
            assertThat(call.threadName()).startsWith("http-nio-");
            assertThat(call.stack()).hasSizeBetween(2, 8);
            assertHammerCalled(call.stack().get(0));
            assertThat(call.stack()).noneSatisfy(frame -> assertThat(frame.className()).startsWith("dev.smarttracer.internal"));
        });
        assertThat(calls).filteredOn(call -> call.type() != CallType.CALL)
                .allSatisfy(call -> assertThat(call.stack()).isEmpty());
        assertPaired(collector);
    }

    @Test
    void stack_ofACallDecidedAtItsEnd_isTheStackOfItsStart() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace(Checkout::pay, LIMIT, collector.options().stack(1).raised(true)
                .queueCapacity(1_000_000));
        hammer(t -> "caller-" + t);

        List<Call> calls = collector.awaitStopped();
        assertExactly(trace, calls, CallType.CALL);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.stack()).hasSize(1);
            assertHammerCalled(call.stack().get(0));
        });
    }

    @Test
    void stack_namesTheLineThatCalled_asAStackTraceDoes() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace(Checkout::pay, 1, collector.options().stack(2));
        StackTraceElement here = new Throwable().getStackTrace()[0]; Checkout.pay(1, 1);

        List<Call> calls = collector.awaitStopped();
        assertThat(calls).hasSize(1);
        List<CallerFrame> stack = calls.get(0).stack();
        assertThat(stack).hasSize(2);
        assertThat(stack.get(0)).isEqualTo(new CallerFrame(ConditionTest.class.getName(),
                "stack_namesTheLineThatCalled_asAStackTraceDoes", "ConditionTest.java", here.getLineNumber()));
        assertThat(stack.get(0)).hasToString("dev.smarttracer.ConditionTest.stack_namesTheLineThatCalled_asAStackTraceDoes"
                + "(ConditionTest.java:" + here.getLineNumber() + ")");
        // Reflection's own frames are left out, as the JVM's hidden frames are: JUnit called it.
        assertThat(stack.get(1).className()).startsWith("org.junit.");
    }

    @Test
    void stack_depthOutOfRange_isRefusedWithTheRange() {
        assertThatThrownBy(() -> TraceOptions.defaults().stack(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the stack depth must be within 0..1024 frames (0 captures no stack); got -1");
        assertThatThrownBy(() -> TraceOptions.defaults().stack(1025))
                .hasMessageContaining("got 1025");
        assertThat(TraceOptions.defaults().stack(0).stack()).isZero();
    }

    @Test
    void expressions_withoutTheCelModule_areRefusedNamingItAndTheJavaForm_andNothingIsInstrumented() {
        assertThatThrownBy(() -> SmartTracer.trace(Checkout::pay, 5, TraceOptions.defaults().where("args[0] > 1")))
                .isInstanceOf(TracerException.class)
                .hasMessage("TraceOptions.where(String) takes an expression in the Common Expression Language, which"
                        + " the dev.smarttracer:tracer-cel module compiles; add it beside tracer-core, or write the"
                        + " condition in Java with when(...)");
        assertThatThrownBy(() -> SmartTracer.trace(Checkout::pay, 5, TraceOptions.defaults().distinct("args[0]", 2)))
                .hasMessageEndingWith("or write the condition in Java with distinct(args -> ..., perKey)");
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
    }

    private static void assertHammerCalled(CallerFrame caller) {
        assertThat(caller.className()).isEqualTo(ConditionTest.class.getName());
        assertThat(caller.methodName()).startsWith("lambda$hammer$");
        assertThat(caller.fileName()).isEqualTo("ConditionTest.java");
        assertThat(caller.lineNumber()).isPositive();
    }

    private static void assertExactly(Trace trace, List<Call> calls, CallType... types) throws InterruptedException {
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(trace.awaitCompleted(Duration.ofSeconds(10))).isTrue();
        assertThat(trace.stats().lost()).isZero();
        Map<CallType, List<Call>> byType = calls.stream().collect(Collectors.groupingBy(Call::type));
        assertThat(byType.keySet()).isSubsetOf(Set.of(types));
        assertThat(byType.get(CallType.CALL)).extracting(Call::callId)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, LIMIT).boxed().toList());
    }

    /** Every CALL has exactly one end, on its thread, after it. */
    private static void assertPaired(Collector collector) {
        Map<Long, Call> ends = collector.calls.stream().filter(call -> call.type() != CallType.CALL)
                .collect(Collectors.toMap(Call::callId, Function.identity()));
        List<Call> entries = collector.ofType(CallType.CALL);
        assertThat(ends).hasSameSizeAs(entries);
        for (Call entry : entries) {
            Call end = ends.get(entry.callId());
            assertThat(end).as("the end of call %d", entry.callId()).isNotNull();
            assertThat(end.threadId()).isEqualTo(entry.threadId());
            assertThat(collector.calls.indexOf(end)).isGreaterThan(collector.calls.indexOf(entry));
        }
    }

    /** 8 named threads each pay for 20,000 customers; every 5th call takes 300 ns, the others 10. */
    private static void hammer(Function<Integer, String> names) throws Exception {
        AtomicInteger made = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, task -> {
            int t = made.getAndIncrement();
            return new Thread(task, names.apply(t));
        });
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int base = t * CALLS_PER_THREAD;
                results.add(pool.submit(() -> {
                    start.await();
                    int paid = 0;
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        int customer = base + i;
                        try {
                            assertThat(Checkout.pay(customer, i % 5 == 0 ? 300 : 10)).isEqualTo(customer);
                            paid++;
                        } catch (IllegalArgumentException declined) {
                            assertThat(customer % 10).isEqualTo(7);
                        }
                    }
                    return paid;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(CALLS_PER_THREAD * 9 / 10);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
