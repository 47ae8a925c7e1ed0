package io.cairn.tikv.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.StorageMetric;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void aBoundIsInclusiveAndTheOverflowOnlyCountsInTheTotal() {
    LatencyHistogram h = new LatencyHistogram(new double[] {0.001, 0.01});
    h.record(1_000_000); // exactly 1 ms: le="0.001"
    h.record(1_000_001);
    h.record(-5); // a stepped clock: counted as 0
    h.record(20_000_000); // above every bound
    StorageMetric.Histogram s = h.snapshot();
    assertThat(s.upperBounds()).containsExactly(0.001, 0.01);
    assertThat(s.cumulativeCounts()).containsExactly(2, 3);
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.sum()).isCloseTo(0.022000001, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void theRpcBucketsSpanHalfAMillisecondToTenSeconds() {
    assertThat(LatencyHistogram.RPC_BUCKETS_SECONDS[0]).isEqualTo(0.0005);
    assertThat(LatencyHistogram.RPC_BUCKETS_SECONDS[LatencyHistogram.RPC_BUCKETS_SECONDS.length - 1]).isEqualTo(10);
    assertThatThrownBy(() -> new LatencyHistogram(new double[] {0.01, 0.01})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LatencyHistogram(new double[] {0})).isInstanceOf(IllegalArgumentException.class);
  }

  /** Against a model that counts, for each bound, the observations at or below it. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 20261123, 987654321})
  void matchesANaiveCountOfEveryObservation(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] bounds = LatencyHistogram.RPC_BUCKETS_SECONDS;
    LatencyHistogram h = new LatencyHistogram(bounds);
    long[] model = new long[bounds.length];
    long sum = 0;
    int n = 1 + random.nextInt(2_000);
    for (int i = 0; i < n; i++) {
      // Log-uniform over 10 us .. 100 s, with exact bounds now and then.
      long nanos = random.nextInt(10) == 0
          ? Math.round(bounds[random.nextInt(bounds.length)] * 1e9)
          : (long) Math.pow(10, 4 + random.nextDouble() * 7);
      h.record(nanos);
      sum += nanos;
      for (int b = 0; b < bounds.length; b++) {
        if (nanos <= Math.round(bounds[b] * 1e9)) {
          model[b]++;
        }
      }
    }
    StorageMetric.Histogram s = h.snapshot();
    assertThat(s.cumulativeCounts()).as("seed %d", seed).containsExactly(model);
    assertThat(s.count()).as("seed %d", seed).isEqualTo(n);
    assertThat(s.sum()).as("seed %d", seed).isCloseTo(sum / 1e9, org.assertj.core.data.Offset.offset(1e-6));
  }
}
