package dev.smarttracer.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.orders.Orders;
import com.acme.orders.Orders.Address;
import com.acme.orders.Orders.Customer;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.Rendered;
import dev.smarttracer.recorder.StopReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The expression form of the API's conditions, {@code TraceOptions.where(String)} and
 * {@code distinct(String, int)}: found through the service loader when this module is on the
 * class path, the same expressions as the command line's, on the arguments' live fields.
 */
class ApiExpressionTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 5_000;

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Trace trace : TraceEngine.instance().activeTraces()) {
            trace.close();
            assertThat(trace.awaitCompleted(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
    }

    @Test
    void where_readsTheArgumentsFields_andCountsExactlyTheCallsForWhichItIsTrue_underEightThreads()
            throws Exception {
        Events events = new Events();
        Trace trace = SmartTracer.trace("com.acme.orders.Orders#order", 300,
                events.options().returns(true).where("args[0].address.city == 'Oslo' && args[1] % 2 == 0"));
        hammer();

        assertThat(events.stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        List<Call> calls = events.ofType(CallType.CALL);
        assertThat(calls).hasSize(300).allSatisfy(call -> {
            assertThat(((Rendered) call.args().get(0)).text()).contains("city=Oslo");
            assertThat((Integer) call.args().get(1) % 2).isZero();
        });
        assertThat(events.ofType(CallType.RETURN)).hasSize(300);
    }

    @Test
    void distinct_countsAtMostKCallsPerValueOfTheExpression() throws Exception {
        Events events = new Events();
        Trace trace = SmartTracer.trace("com.acme.orders.Orders#order", 40,
                events.options().distinct("args[0].customerId % 20", 2));
        hammer();

        assertThat(events.stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        Map<String, Long> perCustomer = events.ofType(CallType.CALL).stream().collect(Collectors.groupingBy(
                call -> ((Rendered) call.args().get(0)).text().replaceAll(".*customerId=(\\d+).*", "$1"), Collectors.counting()));
        assertThat(perCustomer.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40);
        assertThat(TraceEngine.instance().rejections(trace)).containsEntry("keys", 20L);
    }

    @Test
    void badExpressions_areRefusedBeforeAnythingIsInstrumented_inOneLine() {
        TraceOptions options = TraceOptions.defaults().handler(TraceHandler.discard());
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.orders.Orders#order", 5,
                options.where("args[0].customerId ==")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--where 'args[0].customerId ==': column ");
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.orders.Orders#order", 5,
                options.where("args[0].customerid == 42")))
                .hasMessageContaining("which has no field customerid");
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.orders.Orders#order", 5,
                options.distinct("args[2]", 1)))
                .hasMessageContaining("args[2] is beyond the arguments of com.acme.orders.Orders#order");
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
        assertThatThrownBy(() -> options.where(" ")).hasMessage("the condition is empty; write one such as args[0] > 100");
    }

    /** 8 threads each order for 5,000 customers, one in ten in Oslo. */
    private static void hammer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int base = t * CALLS_PER_THREAD;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        int id = base + i;
                        Customer customer = new Customer(id, new Address(id % 10 == 0 ? "Oslo" : "Bergen"));
                        assertThat(Orders.order(customer, i)).isEqualTo(i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Keeps every event; counts the trace's stop. */
    private static final class Events implements TraceHandler {
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch stopped = new CountDownLatch(1);

        @Override
        public void handle(Call call) {
            calls.add(call);
        }

        @Override
        public void stopped(Trace trace) {
            stopped.countDown();
        }

        List<Call> ofType(CallType type) {
            return calls.stream().filter(call -> call.type() == type).toList();
        }

        TraceOptions options() {
            return TraceOptions.defaults().handler(this).queueCapacity(1_000_000);
        }
    }
}
