package io.cairn.storage.txn;

import static io.cairn.storage.txn.MvccTestKit.b;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.txn.actions.Mutation;
import io.cairn.storage.txn.latch.Latches;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LatchesTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void sameKeySerializesIndependentKeysProceed() throws Exception {
    Latches latches = new Latches(64);
    byte[] k1 = b("k1");
    byte[] k2 = b("k2");
    int i = 2;
    while (latches.slotOf(k2) == latches.slotOf(k1)) {
      k2 = b("k" + ++i);
    }
    byte[] other = k2;
    Latches.Guard held = latches.acquire(List.of(k1));
    CompletableFuture<Void> independent =
        CompletableFuture.runAsync(() -> latches.acquire(List.of(other)).close(), pool);
    independent.get(20, TimeUnit.SECONDS);
    CompletableFuture<Void> same = CompletableFuture.runAsync(
        () -> latches.acquire(List.of(b("k1"), other)).close(), pool);
    try {
      same.get(100, TimeUnit.MILLISECONDS);
      throw new AssertionError("latch on the same key was not exclusive");
    } catch (TimeoutException expected) {
      // still waiting
    }
    held.close();
    same.get(20, TimeUnit.SECONDS);
  }

  @Test
  void overlappingKeySetsNeverDeadlockNorLoseUpdates() throws Exception {
    Latches latches = new Latches(16);
    int keys = 40;
    int[] counters = new int[keys];
    int threads = 4;
    int rounds = 3000;
    List<Future<?>> done = new ArrayList<>();
    for (int th = 0; th < threads; th++) {
      long seed = 1000 + th;
      done.add(pool.submit(() -> {
        Random r = new Random(seed);
        for (int n = 0; n < rounds; n++) {
          int a = r.nextInt(keys);
          int c = r.nextInt(keys);
          List<byte[]> ks = a == c ? List.of(b("x" + a)) : List.of(b("x" + c), b("x" + a));
          try (Latches.Guard g = latches.acquire(ks)) {
            counters[a]++;
            if (a != c) {
              counters[c]++;
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    // Keys can share slots, but a key is always guarded by its slot: no increment is lost.
    int total = 0;
    for (int c : counters) {
      total += c;
    }
    int expected = 0;
    for (int th = 0; th < threads; th++) {
      Random r = new Random(1000 + th);
      for (int n = 0; n < rounds; n++) {
        expected += r.nextInt(keys) == r.nextInt(keys) ? 1 : 2;
      }
    }
    assertThat(total).isEqualTo(expected);
  }

  @Test
  void concurrentPrewritesOfOneKeyExactlyOneWins() throws Exception {
    for (int round = 0; round < 100; round++) {
      MvccTestKit t = new MvccTestKit();
      CyclicBarrier barrier = new CyclicBarrier(2);
      List<Future<PrewriteResult>> results = new ArrayList<>();
      for (long startTs : new long[] {10, 20}) {
        results.add(pool.submit(() -> {
          barrier.await();
          return t.store.prewrite(PrewriteRequest.optimistic(
              List.of(Mutation.put(b("k"), b("v" + startTs))), b("k"), startTs, 0));
        }));
      }
      PrewriteResult r1 = results.get(0).get(20, TimeUnit.SECONDS);
      PrewriteResult r2 = results.get(1).get(20, TimeUnit.SECONDS);
      assertThat(r1.isOk() ^ r2.isOk()).as("round %d: %s %s", round, r1, r2).isTrue();
      PrewriteResult loser = r1.isOk() ? r2 : r1;
      assertThat(loser.errors()).singleElement().isInstanceOf(KeyError.Locked.class);
    }
  }
}
