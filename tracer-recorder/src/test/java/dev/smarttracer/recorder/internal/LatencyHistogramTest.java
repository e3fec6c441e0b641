package dev.smarttracer.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.recorder.TraceStats;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentiles_areWithinThreePercent_minAndMaxExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            histogram.record(v * 10);
        }
        assertThat(histogram.count()).isEqualTo(100_000);
        assertThat(histogram.percentile(50)).isCloseTo(500_000L, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(histogram.percentile(99)).isCloseTo(990_000L, org.assertj.core.data.Percentage.withPercentage(3));
        TraceStats stats = histogram.toStats(100_000, 99_000, 1_000);
        assertThat(stats.minNanos()).isEqualTo(10);
        assertThat(stats.maxNanos()).isEqualTo(1_000_000);
        assertThat(stats.completed()).isEqualTo(100_000);
    }

    @Test
    void bucketIndex_isMonotonic_andMidpointsFallInTheirBucket() {
        int previous = -1;
        for (long v = 0; v < 1 << 20; v += 7) {
            int index = LatencyHistogram.index(v);
            assertThat(index).isGreaterThanOrEqualTo(previous);
            assertThat(LatencyHistogram.index(LatencyHistogram.midpoint(index))).isEqualTo(index);
            previous = index;
        }
        assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isLessThan((64 - 5) * 32);
    }

    @Test
    void empty_givesZeros() {
        assertThat(new LatencyHistogram().toStats(3, 0, 0)).isEqualTo(new TraceStats(3, 0, 0, 0, 0, 0, 0));
    }
}
