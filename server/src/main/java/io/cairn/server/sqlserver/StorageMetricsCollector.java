package io.cairn.server.sqlserver;

import io.cairn.kv.Storage;
import io.cairn.kv.StorageMetric;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
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
 * one Prometheus family (a counter gets the {@code _total} suffix there). Thread-safe as the
 * storage is.
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
      if (first.type() == StorageMetric.Type.COUNTER) {
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

  private static Labels labels(StorageMetric m) {
    Labels.Builder b = Labels.builder();
    m.labels().forEach(b::label);
    return b.build();
  }
}
