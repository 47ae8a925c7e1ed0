package io.cairn.storage.txn.lockwait;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadlockDetectorTest {
  private static final byte[] K = {1};

  @Test
  void detectsCyclesAndForgetsRemovedEdges() {
    DeadlockDetector d = new DeadlockDetector();
    assertThat(d.detectAndAdd(1, 2, 0, K)).isNull();
    assertThat(d.detectAndAdd(2, 3, 0, K)).isNull();
    assertThat(d.detectAndAdd(4, 1, 0, K)).isNull();
    assertThat(d.detectAndAdd(3, 1, 0, K)).hasSize(3);
    assertThat(d.detectAndAdd(3, 4, 0, K)).hasSize(4);
    assertThat(d.detectAndAdd(5, 5, 0, K)).hasSize(1);
    d.remove(2, 3);
    assertThat(d.detectAndAdd(3, 1, 0, K)).isNull();
    assertThat(d.edgeCount()).isEqualTo(3);
  }

  @Test
  void edgesAreReferenceCounted() {
    DeadlockDetector d = new DeadlockDetector();
    assertThat(d.detectAndAdd(1, 2, 0, K)).isNull();
    assertThat(d.detectAndAdd(1, 2, 7, K)).isNull();
    d.remove(1, 2);
    assertThat(d.detectAndAdd(2, 1, 0, K)).isNotNull();
    d.remove(1, 2);
    assertThat(d.detectAndAdd(2, 1, 0, K)).isNull();
  }
}
