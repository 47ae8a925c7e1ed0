package io.cairn.server.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.Client;
import io.cairn.kv.Oracle;
import io.cairn.kv.Snapshot;
import io.cairn.kv.SnapshotOptions;
import io.cairn.kv.Storage;
import io.cairn.kv.StorageMetric;
import io.cairn.kv.Transaction;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The storage's readings in Prometheus' text format, as a scrape of {@code /metrics} sees them. */
class StorageMetricsCollectorTest {

  /** A storage that has nothing but readings. */
  private record ReadingsOnly(List<StorageMetric> readings) implements Storage {
    @Override
    public List<StorageMetric> metrics() {
      return readings;
    }

    @Override
    public Transaction begin(BeginOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Snapshot snapshot(long ts, SnapshotOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Oracle oracle() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Client client() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String describe() {
      return "readings";
    }

    @Override
    public void close() {}
  }

  private static String scrape(List<StorageMetric> readings) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new StorageMetricsCollector(new ReadingsOnly(readings)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aHistogramBecomesAClassicHistogramFamilyWithCumulativeBucketsSumAndCount() throws IOException {
    StorageMetric.Histogram get = new StorageMetric.Histogram(new double[] {0.001, 0.01, 0.1}, new long[] {3, 7, 7}, 0.125, 9);
    StorageMetric.Histogram commit = new StorageMetric.Histogram(new double[] {0.001, 0.01, 0.1}, new long[] {0, 1, 2}, 0.05, 2);
    String text = scrape(List.of(
        StorageMetric.histogram("cairn_tikv_rpc_duration_seconds", "RPC latency", Map.of("type", "KvGet", "outcome", "ok"), get),
        StorageMetric.histogram("cairn_tikv_rpc_duration_seconds", "RPC latency", Map.of("type", "KvCommit", "outcome", "ok"),
            commit)));
    assertThat(text).contains("# TYPE cairn_tikv_rpc_duration_seconds histogram");
    assertThat(text).contains(
        "cairn_tikv_rpc_duration_seconds_bucket{outcome=\"ok\",type=\"KvGet\",le=\"0.001\"} 3\n",
        "cairn_tikv_rpc_duration_seconds_bucket{outcome=\"ok\",type=\"KvGet\",le=\"0.01\"} 7\n",
        "cairn_tikv_rpc_duration_seconds_bucket{outcome=\"ok\",type=\"KvGet\",le=\"0.1\"} 7\n",
        "cairn_tikv_rpc_duration_seconds_bucket{outcome=\"ok\",type=\"KvGet\",le=\"+Inf\"} 9\n",
        "cairn_tikv_rpc_duration_seconds_count{outcome=\"ok\",type=\"KvGet\"} 9\n",
        "cairn_tikv_rpc_duration_seconds_sum{outcome=\"ok\",type=\"KvGet\"} 0.125\n",
        "cairn_tikv_rpc_duration_seconds_bucket{outcome=\"ok\",type=\"KvCommit\",le=\"0.01\"} 1\n",
        "cairn_tikv_rpc_duration_seconds_bucket{outcome=\"ok\",type=\"KvCommit\",le=\"+Inf\"} 2\n",
        "cairn_tikv_rpc_duration_seconds_count{outcome=\"ok\",type=\"KvCommit\"} 2\n");
  }

  @Test
  void countersGetTheTotalSuffixAndGaugesStayAsTheyAre() throws IOException {
    String text = scrape(List.of(
        new StorageMetric("cairn_tikv_backoffs", "Backoffs", StorageMetric.Type.COUNTER, Map.of("kind", "region_miss"), 4),
        StorageMetric.gauge("cairn_tikv_grpc_connections", "Channels", 2)));
    assertThat(text).contains("# TYPE cairn_tikv_backoffs_total counter", "cairn_tikv_backoffs_total{kind=\"region_miss\"} 4.0\n",
        "# TYPE cairn_tikv_grpc_connections gauge", "cairn_tikv_grpc_connections 2.0\n");
  }
}
