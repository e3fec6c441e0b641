package dev.smarttracer.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    private static Event event(long producer, long sequence) {
        Event event = new Event();
        event.threadId = producer;
        event.callId = sequence;
        return event;
    }

    @Test
    void singleProducer_isFirstInFirstOut() {
        EventQueue queue = new EventQueue();
        assertThat(queue.isEmpty()).isTrue();
        for (int i = 1; i <= 3; i++) {
            queue.offer(event(0, i));
        }
        assertThat(queue.poll().callId).isEqualTo(1);
        assertThat(queue.poll().callId).isEqualTo(2);
        assertThat(queue.poll().callId).isEqualTo(3);
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void consumedNodes_areUnlinked_soATenuredOneCannotKeepLaterEventsAlive() {
        EventQueue queue = new EventQueue();
        for (int i = 1; i <= 3; i++) {
            queue.offer(event(0, i));
        }
        Event first = queue.poll();
        assertThat(first.next()).as("still the stub: its successor is pending").isNotNull();
        Event second = queue.poll();
        assertThat(first.next()).as("consumed and unlinked").isNull();
        assertThat(second.next()).isNotNull();
    }

    @Test
    void manyProducers_oneConsumer_everyEventOnceAndEachProducersOrderKept() throws Exception {
        int producers = 4;
        int each = 50_000;
        EventQueue queue = new EventQueue();
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                long producer = p;
                running.add(pool.submit(() -> {
                    start.await();
                    for (int i = 1; i <= each; i++) {
                        queue.offer(event(producer, i));
                    }
                    return null;
                }));
            }
            start.countDown();
            long[] last = new long[producers];
            int received = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received < producers * each && System.nanoTime() < deadline) {
                Event event = queue.poll();
                if (event == null) {
                    Thread.onSpinWait();
                    continue;
                }
                int producer = (int) event.threadId;
                assertThat(event.callId).as("order of producer " + producer).isEqualTo(last[producer] + 1);
                last[producer] = event.callId;
                received++;
            }
            for (Future<?> producer : running) {
                producer.get(10, TimeUnit.SECONDS);
            }
            assertThat(received).isEqualTo(producers * each);
            assertThat(queue.poll()).isNull();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
