package io.cairn.pd.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pd.storage.MemoryMetaStore;
import org.junit.jupiter.api.Test;

class GcSafePointsTest {

  @Test
  void safePointOnlyMovesForwardAndPersists() {
    MemoryMetaStore store = new MemoryMetaStore();
    GcSafePoints gc = new GcSafePoints(store);
    assertThat(gc.safePoint()).isZero();
    assertThat(gc.update(100)).isEqualTo(100);
    assertThat(gc.update(50)).isEqualTo(100);
    assertThat(new GcSafePoints(store).safePoint()).isEqualTo(100);
  }

  @Test
  void serviceSafePointsHoldBackAndExpire() {
    MemoryMetaStore store = new MemoryMetaStore();
    GcSafePoints gc = new GcSafePoints(store);
    gc.update(10);
    assertThat(gc.updateService("backup", 60, 30, 0)).isEqualTo(30);
    assertThat(gc.updateService("cdc", 10, 20, 0)).isEqualTo(20);
    assertThat(gc.updateService("late", 10, 5, 0)).as("below the GC safe point: refused")
        .isEqualTo(20);
    assertThat(new GcSafePoints(store).updateService("backup", 60, 40, 5_000))
        .as("persisted across restarts").isEqualTo(20);
    assertThat(gc.updateService("backup", 60, 40, 11_000)).as("cdc expired").isEqualTo(40);
    assertThat(gc.updateService("backup", 0, 0, 11_000)).as("removed: back to the GC safe point")
        .isEqualTo(10);
  }
}
