package io.cairn.tikv.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.StorageMetric;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffMetricsTest {

  @Test
  void everySleepOfATaskAndItsSubTasksIsCountedByKindButARefusedOneIsNot() {
    BackoffMetrics metrics = new BackoffMetrics();
    Backoffer bo = new Backoffer(20, millis -> { }, new Random(1), metrics);
    bo.backoff(BackoffKind.REGION_MISS, null); // 2
    bo.backoff(BackoffKind.REGION_MISS, null); // 4
    Backoffer sub = bo.forSubTask();
    sub.backoff(BackoffKind.STALE_CMD, null); // 2
    bo.backoff(BackoffKind.REGION_MISS, null); // 8: 14 of 20
    assertThatThrownBy(() -> bo.backoff(BackoffKind.REGION_MISS, null)).isInstanceOf(BackoffExhaustedException.class);
    assertThat(metrics.count(BackoffKind.REGION_MISS)).isEqualTo(3);
    assertThat(metrics.sleptMillis(BackoffKind.REGION_MISS)).isEqualTo(14);
    assertThat(metrics.count(BackoffKind.STALE_CMD)).isEqualTo(1);
    assertThat(metrics.sleptMillis(BackoffKind.STALE_CMD)).isEqualTo(2);
    assertThat(metrics.count(BackoffKind.TIKV_RPC)).isZero();
  }

  @Test
  void readingsCoverEveryKindInLowerCase() {
    BackoffMetrics metrics = new BackoffMetrics();
    new Backoffer(1_000, millis -> { }, new Random(1), metrics).backoff(BackoffKind.TXN_NOT_FOUND, null);
    List<StorageMetric> readings = metrics.readings();
    assertThat(readings).hasSize(2 * BackoffKind.values().length);
    assertThat(readings).contains(
        new StorageMetric("cairn_tikv_backoffs", "Backoff sleeps taken by driver tasks, by backoff kind",
            StorageMetric.Type.COUNTER, Map.of("kind", "txn_not_found"), 1),
        new StorageMetric("cairn_tikv_backoff_sleep_ms", "Milliseconds driver tasks slept backing off, by backoff kind",
            StorageMetric.Type.COUNTER, Map.of("kind", "txn_not_found"), 2));
  }
}
