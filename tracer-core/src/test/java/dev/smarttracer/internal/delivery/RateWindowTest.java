package dev.smarttracer.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateWindowTest {

    @Test
    void allowsMaxPerWindow_thenRefuses_andANewWindowStartsAfresh() {
        RateWindow rate = new RateWindow(2, 1_000, 0);
        assertThat(rate.tryAcquire(0)).isTrue();
        assertThat(rate.tryAcquire(999)).isTrue();
        assertThat(rate.tryAcquire(999)).isFalse();
        assertThat(rate.tryAcquire(1_000)).isTrue();
        assertThat(rate.tryAcquire(1_500)).isTrue();
        assertThat(rate.tryAcquire(1_999)).isFalse();
    }

    @Test
    void concurrentCallersInOneWindow_exactlyMaxSucceed() throws Exception {
        RateWindow rate = new RateWindow(1_000, Long.MAX_VALUE / 4, 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit((Callable<Integer>) () -> {
                    int granted = 0;
                    for (int i = 0; i < 10_000; i++) {
                        granted += rate.tryAcquire(i) ? 1 : 0;
                    }
                    return granted;
                }));
            }
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(1_000);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
