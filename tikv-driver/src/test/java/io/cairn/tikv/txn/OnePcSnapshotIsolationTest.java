package io.cairn.tikv.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.Key;
import io.cairn.kv.KvException;
import io.cairn.kv.Snapshot;
import io.cairn.kv.Transaction;
import io.cairn.tikv.testing.RealNodes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snapshot isolation with one-phase and two-phase writers mixed: bank transfers between eight
 * accounts in four regions (two per region, so a transfer inside a region commits in one phase
 * and one across regions in two) while readers check that the total never changes and that
 * every read within a snapshot is repeatable. Seeded: a failure names its seed.
 */
class OnePcSnapshotIsolationTest {

  private static final int ACCOUNTS = 8;
  private static final long INITIAL = 1_000;

  private static Key account(int i) {
    return Key.utf8("acct/" + i);
  }

  private static byte[] enc(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static long dec(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 2026})
  void transfersKeepTheTotalAndReadsRepeat(long seed) throws Exception {
    try (RealNodes nodes = new RealNodes("onepc-si", "acct/4")) {
      nodes.split("acct/2", "acct/6");
      nodes.publish();
      try (TikvStorage storage = nodes.open()) {
        storage.setOption("tidb_enable_1pc", "ON");
        List<Key> keys = new ArrayList<>();
        try (Transaction t = storage.begin()) {
          for (int i = 0; i < ACCOUNTS; i++) {
            keys.add(account(i));
            t.set(account(i), enc(INITIAL));
          }
          t.commit();
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger onePc = new AtomicInteger();
        AtomicInteger twoPc = new AtomicInteger();
        AtomicInteger checks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
          List<Future<?>> writers = new ArrayList<>();
          for (int w = 0; w < 4; w++) {
            Random random = new Random(seed * 31 + w);
            writers.add(pool.submit(() -> {
              for (int n = 0; n < 60; n++) {
                int from = random.nextInt(ACCOUNTS);
                int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                long amount = 1 + random.nextInt(50);
                try (Transaction t = storage.begin()) {
                  long a = dec(t.get(account(from)));
                  long b = dec(t.get(account(to)));
                  t.set(account(from), enc(a - amount));
                  t.set(account(to), enc(b + amount));
                  t.commit();
                  (from / 2 == to / 2 ? onePc : twoPc).incrementAndGet();
                } catch (KvException e) {
                  assertThat(e.retryable()).as("seed %d: %s", seed, e).isTrue();
                }
              }
              return null;
            }));
          }
          List<Future<?>> readers = new ArrayList<>();
          for (int r = 0; r < 2; r++) {
            readers.add(pool.submit(() -> {
              while (writing.get()) {
                Snapshot s = storage.snapshot(storage.currentTimestamp());
                Map<Key, byte[]> first = s.batchGet(keys);
                long total = 0;
                for (Key k : keys) {
                  total += dec(first.get(k));
                }
                assertThat(total).as("seed %d: total at ts %d", seed, s.timestamp())
                    .isEqualTo(ACCOUNTS * INITIAL);
                for (Key k : keys) {
                  assertThat(dec(s.get(k))).as("seed %d: %s read again at ts %d", seed, k,
                      s.timestamp()).isEqualTo(dec(first.get(k)));
                }
                checks.incrementAndGet();
              }
              return null;
            }));
          }
          for (Future<?> f : writers) {
            f.get(120, TimeUnit.SECONDS);
          }
          writing.set(false);
          for (Future<?> f : readers) {
            f.get(60, TimeUnit.SECONDS);
          }
        } finally {
          writing.set(false);
          pool.shutdownNow();
        }
        assertThat(onePc.get()).as("seed %d: one-phase commits", seed).isPositive();
        assertThat(twoPc.get()).as("seed %d: two-phase commits", seed).isPositive();
        assertThat(checks.get()).as("seed %d: reader checks", seed).isPositive();
        long total = 0;
        for (byte[] b : storage.snapshot(storage.currentTimestamp()).batchGet(keys).values()) {
          total += dec(b);
        }
        assertThat(total).as("seed %d: final total", seed).isEqualTo(ACCOUNTS * INITIAL);
      }
    }
  }
}
