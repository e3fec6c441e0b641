package dev.smarttracer.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LaneQueueTest {

    @Test
    void acrossChunkBoundaries_firstInFirstOut_eachWithItsBytes_andTheCountsFollow() {
        LaneQueue queue = new LaneQueue();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
        int items = LaneQueue.CHUNK * 2 + 1;
        for (int i = 1; i <= items; i++) {
            queue.add(i, 1000L + i);
        }
        assertThat(queue.size()).isEqualTo(items);
        for (int i = 1; i <= items; i++) {
            assertThat(queue.poll()).isEqualTo(i);
            assertThat(queue.polledBytes()).isEqualTo(1000L + i);
            assertThat(queue.size()).isEqualTo(items - i);
        }
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
        queue.add("again", 0);
        assertThat(queue.isEmpty()).isFalse();
        assertThat(queue.poll()).isEqualTo("again");
    }

    /**
     * As a lane runs: the dispatcher adds while a runner takes, and the runner is a different pooled
     * thread from one short run to the next, a run starting only once the one before has ended.
     */
    @Test
    void oneProducer_consumersTakingTurnsOnPooledThreads_everyItemOnceInOrder() throws Exception {
        int items = 2_000_000;
        LaneQueue queue = new LaneQueue();
        ExecutorService producer = Executors.newSingleThreadExecutor();
        ExecutorService runners = Executors.newFixedThreadPool(3);
        try {
            AtomicLong next = new AtomicLong(1);
            AtomicBoolean scheduled = new AtomicBoolean();
            AtomicBoolean outOfOrder = new AtomicBoolean();
            Runnable run = new Runnable() {
                @Override
                public void run() {
                    try {
                        for (int taken = 0; taken < 1_000; taken++) {
                            Object item = queue.poll();
                            if (item == null) {
                                break;
                            }
                            if ((Integer) item != next.get()) {
                                outOfOrder.set(true);
                            }
                            next.incrementAndGet();
                        }
                    } finally {
                        scheduled.set(false);
                    }
                }
            };
            Future<?> adding = producer.submit(() -> {
                for (int i = 1; i <= items; i++) {
                    queue.add(i, i);
                    if ((i & 255) == 0 && scheduled.compareAndSet(false, true)) {
                        runners.execute(run);
                    }
                }
            });
            adding.get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (next.get() <= items && System.nanoTime() < deadline) {
                if (scheduled.compareAndSet(false, true)) {
                    runners.execute(run);
                }
                Thread.onSpinWait();
            }
            assertThat(outOfOrder).isFalse();
            assertThat(next.get()).isEqualTo(items + 1L);
            assertThat(queue.isEmpty()).isTrue();
        } finally {
            producer.shutdownNow();
            runners.shutdownNow();
            assertThat(producer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runners.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
