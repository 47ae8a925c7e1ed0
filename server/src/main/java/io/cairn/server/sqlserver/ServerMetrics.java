package io.cairn.server.sqlserver;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The SQL server's own Prometheus metrics: statements by kind and outcome, and their latency
 * from the call until the result is complete (for a result set: until it is closed, i.e. sent).
 */
final class ServerMetrics {

  private final Counter statements;
  private final Histogram latency;

  ServerMetrics(PrometheusRegistry registry) {
    statements = Counter.builder()
        .name("cairn_server_statements_total")
        .help("SQL statements run, by leading keyword and outcome (ok or error)")
        .labelNames("type", "result")
        .register(registry);
    latency = Histogram.builder()
        .name("cairn_server_query_duration_seconds")
        .help("Statement latency from arrival until its result is complete, by leading keyword")
        .labelNames("type")
        .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
        .register(registry);
  }

  void record(String kind, long startNanos, boolean ok) {
    statements.labelValues(kind, ok ? "ok" : "error").inc();
    latency.labelValues(kind).observe((System.nanoTime() - startNanos) / 1e9);
  }
}
