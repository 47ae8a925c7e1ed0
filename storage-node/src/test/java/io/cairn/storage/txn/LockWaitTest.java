package io.cairn.storage.txn;

import static io.cairn.storage.txn.MvccTestKit.b;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.mvcc.KeyError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LockWaitTest {
  private final MvccTestKit t = new MvccTestKit();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private CompletableFuture<PessimisticLockResult> lockAsync(
      String key, String primary, long startTs, long forUpdateTs, long waitMs) {
    return CompletableFuture.supplyAsync(
        () -> t.acquirePessimisticLock(key, primary, startTs, forUpdateTs, waitMs), pool);
  }

  private void awaitWaiters(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (t.lockWaits.waiterCount() != n) {
      assertThat(System.nanoTime()).as("waiters never reached %d", n).isLessThan(deadline);
      Thread.sleep(2);
    }
  }

  @Test
  void lockWaitTimesOutWithLocked() {
    t.mustAcquirePessimisticLock("k", "k", 10, 10);
    long begin = System.nanoTime();
    PessimisticLockResult r = t.acquirePessimisticLock("k", "k", 20, 20, 200);
    long elapsedMs = (System.nanoTime() - begin) / 1_000_000;
    assertThat(r.error()).isInstanceOfSatisfying(KeyError.Locked.class,
        l -> assertThat(l.lock().lockVersion()).isEqualTo(10));
    assertThat(elapsedMs).isGreaterThanOrEqualTo(190);
    assertThat(t.lockWaits.waiterCount()).isZero();
    assertThat(t.lockWaits.detector().edgeCount()).isZero();
    // Without a wait timeout the answer is immediate.
    assertThat(t.acquirePessimisticLock("k", "k", 20, 20, 0).error())
        .isInstanceOf(KeyError.Locked.class);
  }

  @Test
  void waiterIsWokenByPessimisticRollback() throws Exception {
    t.mustAcquirePessimisticLock("k", "k", 10, 10);
    CompletableFuture<PessimisticLockResult> waiting = lockAsync("k", "k", 20, 20, 30_000);
    awaitWaiters(1);
    assertThat(waiting).isNotDone();
    t.mustPessimisticRollback("k", 10, 10);
    assertThat(waiting.get(20, TimeUnit.SECONDS).error()).isNull();
    t.mustPessimisticLocked("k", 20, 20);
  }

  @Test
  void waiterWokenByCommitSeesWriteConflict() throws Exception {
    t.mustAcquirePessimisticLock("k", "k", 10, 10);
    CompletableFuture<PessimisticLockResult> waiting = lockAsync("k", "k", 20, 20, 30_000);
    awaitWaiters(1);
    t.mustPessimisticPrewritePut("k", "v", "k", 10, 10, true);
    t.mustCommit("k", 10, 25);
    assertThat(waiting.get(20, TimeUnit.SECONDS).error())
        .isInstanceOf(KeyError.WriteConflict.class);
    t.mustUnlocked("k");
    // The statement retries at a newer for_update_ts.
    t.mustAcquirePessimisticLock("k", "k", 20, 26);
  }

  @Test
  void deadlockBetweenTwoTransactionsIsDetected() throws Exception {
    t.mustAcquirePessimisticLock("a", "a", 10, 10);
    t.mustAcquirePessimisticLock("b", "b", 20, 20);
    CompletableFuture<PessimisticLockResult> first = lockAsync("b", "a", 10, 10, 30_000);
    awaitWaiters(1);
    CompletableFuture<PessimisticLockResult> second = lockAsync("a", "b", 20, 20, 30_000);
    PessimisticLockResult r2 = second.get(20, TimeUnit.SECONDS);
    assertThat(r2.error()).isInstanceOfSatisfying(KeyError.Deadlock.class, d -> {
      assertThat(d.lockTs()).isEqualTo(10);
      assertThat(MvccTestKit.s(d.lockKey())).isEqualTo("a");
      assertThat(d.waitChain()).extracting(KeyError.WaitForEntry::txn).containsExactly(10L, 20L);
      assertThat(d.waitChain()).extracting(KeyError.WaitForEntry::waitForTxn)
          .containsExactly(20L, 10L);
    });
    assertThat(first).isNotDone();
    // The victim rolls back; the survivor gets its lock.
    t.mustPessimisticRollback("b", 20, 20);
    assertThat(first.get(20, TimeUnit.SECONDS).error()).isNull();
    t.mustPessimisticLocked("b", 10, 10);
    assertThat(t.lockWaits.detector().edgeCount()).isZero();
  }

  @Test
  void deadlockAcrossThreeTransactions() throws Exception {
    t.mustAcquirePessimisticLock("a", "a", 10, 10);
    t.mustAcquirePessimisticLock("b", "b", 20, 20);
    t.mustAcquirePessimisticLock("c", "c", 30, 30);
    CompletableFuture<PessimisticLockResult> w1 = lockAsync("b", "a", 10, 10, 30_000);
    awaitWaiters(1);
    CompletableFuture<PessimisticLockResult> w2 = lockAsync("c", "b", 20, 20, 30_000);
    awaitWaiters(2);
    PessimisticLockResult r3 = t.acquirePessimisticLock("a", "c", 30, 30, 30_000);
    assertThat(r3.error()).isInstanceOfSatisfying(KeyError.Deadlock.class,
        d -> assertThat(d.waitChain()).hasSize(3));
    t.mustPessimisticRollback("c", 30, 30);
    assertThat(w2.get(20, TimeUnit.SECONDS).error()).isNull();
    t.store.pessimisticRollback(List.of(b("b"), b("c")), 20, 20);
    assertThat(w1.get(20, TimeUnit.SECONDS).error()).isNull();
  }
}
