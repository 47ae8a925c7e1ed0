package io.cairn.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reading record's rules: names, and a histogram's buckets. */
class StorageMetricTest {

  private static StorageMetric.Histogram histogram() {
    return new StorageMetric.Histogram(new double[] {0.001, 0.01}, new long[] {2, 5}, 0.03, 7);
  }

  @Test
  void aHistogramReadingCarriesItsCountAsValueAndCannotBeChangedThroughItsArrays() {
    double[] bounds = {0.001, 0.01};
    long[] counts = {2, 5};
    StorageMetric m = StorageMetric.histogram("cairn_x_seconds", "x", Map.of("kind", "KvGet"),
        new StorageMetric.Histogram(bounds, counts, 0.03, 7));
    bounds[0] = 9;
    counts[0] = 9;
    m.histogram().cumulativeCounts()[1] = 9;
    assertThat(m.value()).isEqualTo(7);
    assertThat(m.histogram()).isEqualTo(histogram());
    assertThat(m.histogram().upperBounds()).containsExactly(0.001, 0.01);
    assertThat(m.histogram().cumulativeCounts()).containsExactly(2, 5);
  }

  @Test
  void badHistogramsAreRefused() {
    assertThatThrownBy(() -> new StorageMetric.Histogram(new double[] {0.01, 0.001}, new long[] {1, 2}, 0, 2))
        .hasMessageContaining("increasing");
    assertThatThrownBy(() -> new StorageMetric.Histogram(new double[] {0.001, Double.POSITIVE_INFINITY}, new long[] {1, 2}, 0, 2))
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> new StorageMetric.Histogram(new double[] {0.001, 0.01}, new long[] {3, 2}, 0, 3))
        .hasMessageContaining("cumulative");
    assertThatThrownBy(() -> new StorageMetric.Histogram(new double[] {0.001}, new long[] {3}, 0, 2))
        .hasMessageContaining("count 2");
    assertThatThrownBy(() -> new StorageMetric.Histogram(new double[] {}, new long[] {}, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyAHistogramReadingCarriesBucketsAndNeverAnLeLabel() {
    assertThatThrownBy(() -> new StorageMetric("a", "a", StorageMetric.Type.GAUGE, Map.of(), 7, histogram()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StorageMetric("a", "a", StorageMetric.Type.HISTOGRAM, Map.of(), 7))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StorageMetric.histogram("a", "a", Map.of("le", "1"), histogram()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StorageMetric("a", "a", StorageMetric.Type.HISTOGRAM, Map.of(), 6, histogram()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void counterNamesCarryNoTotalSuffix() {
    assertThatThrownBy(() -> StorageMetric.counter("a_total", "a", 1)).hasMessageContaining("bad metric name");
    assertThat(StorageMetric.counter("a", "a", 1).histogram()).isNull();
  }
}
