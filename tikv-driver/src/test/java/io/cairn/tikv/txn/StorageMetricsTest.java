package io.cairn.tikv.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.Key;
import io.cairn.kv.StorageMetric;
import io.cairn.kv.Transaction;
import io.cairn.tikv.testing.TxnCluster;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The readings the storage hands a monitoring endpoint: TSO batching, connections, caches. */
class StorageMetricsTest {

  private static Map<String, Double> unlabelled(TikvStorage s) {
    return s.metrics().stream().filter(m -> m.labels().isEmpty())
        .collect(Collectors.toMap(StorageMetric::name, StorageMetric::value));
  }

  @Test
  void tsoBatchesConnectionsAndCachesAreReported() {
    try (TxnCluster cluster = new TxnCluster("metrics"); TikvStorage storage = cluster.open()) {
      for (int i = 0; i < 3; i++) {
        try (Transaction t = storage.begin()) {
          t.set(Key.utf8("k" + i), new byte[] {1});
          t.commit();
        }
      }
      Map<String, Double> m = unlabelled(storage);
      assertThat(m.get("cairn_tikv_tso_requests")).as("a start and a commit ts per transaction").isGreaterThanOrEqualTo(6);
      assertThat(m.get("cairn_tikv_tso_timestamps")).isGreaterThanOrEqualTo(m.get("cairn_tikv_tso_requests"));
      assertThat(m.get("cairn_tikv_grpc_connections")).isPositive();
      assertThat(m).containsKeys("cairn_tikv_copr_cache_hits", "cairn_tikv_copr_cache_misses", "cairn_tikv_copr_cache_bytes",
          "cairn_tikv_gc_safe_point", "cairn_tikv_open_transactions");
    }
  }
}
