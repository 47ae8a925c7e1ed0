package io.cairn.storage.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConcurrencyManagerTest {

  @Test
  void keepsTheLargestTimestampObserved() {
    ConcurrencyManager cm = new ConcurrencyManager();
    assertThat(cm.maxTs()).isZero();
    cm.observe(10);
    cm.observe(7);
    assertThat(cm.maxTs()).isEqualTo(10);
  }

  @Test
  void concurrentObserversNeverLowerIt() {
    ConcurrencyManager cm = new ConcurrencyManager();
    long largest = IntStream.range(0, 8).parallel()
        .mapToLong(t -> {
          long top = 0;
          for (int i = 0; i < 10_000; i++) {
            long ts = ThreadLocalRandom.current().nextLong(1, 1L << 40);
            cm.observe(ts);
            top = Math.max(top, ts);
            assertThat(cm.maxTs()).isGreaterThanOrEqualTo(ts);
          }
          return top;
        })
        .max().orElseThrow();
    assertThat(cm.maxTs()).isEqualTo(largest);
  }

  private static byte[] k(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void aReaderWaitsForAMemoryLockWhoseCommitTsIsUnknownOrNotAbove() throws Exception {
    ConcurrencyManager cm = new ConcurrencyManager();
    ConcurrencyManager.KeyGuard g = cm.lockKeys(java.util.List.of(k("a"), k("c")));
    java.util.concurrent.CompletableFuture<Void> reader = java.util.concurrent.CompletableFuture
        .runAsync(() -> cm.awaitKeys(100, java.util.List.of(k("a"))));
    java.util.concurrent.CompletableFuture<Void> scanner = java.util.concurrent.CompletableFuture
        .runAsync(() -> cm.awaitRange(100, k("b"), null));
    Thread.sleep(50);
    assertThat(reader).as("commit ts not chosen yet").isNotDone();
    assertThat(scanner).isNotDone();
    g.setCommitTs(100);
    Thread.sleep(20);
    assertThat(reader).as("commit ts 100 is visible at 100").isNotDone();
    g.close();
    reader.get(5, java.util.concurrent.TimeUnit.SECONDS);
    scanner.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(cm.memoryLockCount()).isZero();
  }

  @Test
  void aReaderBelowTheCommitTsOrOutsideTheKeysDoesNotWait() {
    ConcurrencyManager cm = new ConcurrencyManager();
    try (ConcurrencyManager.KeyGuard g = cm.lockKeys(java.util.List.of(k("b")))) {
      cm.awaitKeys(100, java.util.List.of(k("a"), k("c")));
      cm.awaitRange(100, k("c"), null);
      cm.awaitRange(100, null, k("b"));
      cm.awaitRange(100, k("b"), k("b"));
      g.setCommitTs(101);
      cm.awaitKeys(100, java.util.List.of(k("b")));
      cm.awaitRange(100, null, null);
      assertThat(cm.memoryLockCount()).isEqualTo(1);
    }
  }

  @Test
  void aLaterGuardOnTheSameKeySurvivesTheEarliersClose() {
    ConcurrencyManager cm = new ConcurrencyManager();
    ConcurrencyManager.KeyGuard first = cm.lockKeys(java.util.List.of(k("a")));
    ConcurrencyManager.KeyGuard second = cm.lockKeys(java.util.List.of(k("a")));
    first.close();
    assertThat(cm.memoryLockCount()).isEqualTo(1);
    second.close();
    assertThat(cm.memoryLockCount()).isZero();
  }
}
