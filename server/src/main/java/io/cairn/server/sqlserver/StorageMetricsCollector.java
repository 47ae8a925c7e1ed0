package io.cairn.server.sqlserver;

import io.cairn.kv.Storage;
import io.cairn.kv.StorageMetric;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage driver's own metrics ({@link Storage#metrics()}) on the status port's
 * {@code /metrics}: read from the storage on every scrape, readings of one name gathered into
 * one Prometheus family (a counter gets the {@code _total} suffix there; a histogram becomes a
 * classic histogram family with {@code _bucket{le=...}}, {@code _sum} and {@code _count}).
 * Thread-safe as the storage is.
 */
final class StorageMetricsCollector implements MultiCollector {

  private final Storage storage;

  StorageMetricsCollector(Storage storage) {
    this.storage = storage;
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, List<StorageMetric>> byName = new LinkedHashMap<>();
    for (StorageMetric m : storage.metrics()) {
      byName.computeIfAbsent(m.name(), n -> new ArrayList<>()).add(m);
    }
    List<MetricSnapshot> out = new ArrayList<>();
    for (List<StorageMetric> family : byName.values()) {
      StorageMetric first = family.get(0);
      if (first.type() == StorageMetric.Type.HISTOGRAM) {
        HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(first.name()).help(first.help());
        family.forEach(m -> b.dataPoint(histogramPoint(m)));
        out.add(b.build());
      } else if (first.type() == StorageMetric.Type.COUNTER) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(first.name()).help(first.help());
        family.forEach(m -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
            .labels(labels(m)).value(m.value()).build()));
        out.add(b.build());
      } else {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(first.name()).help(first.help());
        family.forEach(m -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
            .labels(labels(m)).value(m.value()).build()));
        out.add(b.build());
      }
    }
    return new MetricSnapshots(out);
  }

  /**
   * The reading's cumulative buckets as Prometheus' model takes them: a count per bucket (not
   * cumulative), the {@code +Inf} bucket last.
   */
  private static HistogramSnapshot.HistogramDataPointSnapshot histogramPoint(StorageMetric m) {
    StorageMetric.Histogram h = m.histogram();
    double[] bounds = h.upperBounds();
    long[] cumulative = h.cumulativeCounts();
    double[] le = new double[bounds.length + 1];
    long[] counts = new long[bounds.length + 1];
    long previous = 0;
    for (int i = 0; i < bounds.length; i++) {
      le[i] = bounds[i];
      counts[i] = cumulative[i] - previous;
      previous = cumulative[i];
    }
    le[bounds.length] = Double.POSITIVE_INFINITY;
    counts[bounds.length] = h.count() - previous;
    return HistogramSnapshot.HistogramDataPointSnapshot.builder()
        .labels(labels(m))
        .classicHistogramBuckets(ClassicHistogramBuckets.of(le, counts))
        .sum(h.sum())
        .build();
  }

  private static Labels labels(StorageMetric m) {
    Labels.Builder b = Labels.builder();
    m.labels().forEach(b::label);
    return b.build();
  }
}
