package io.cairn.pd.tso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.pd.ManualClock;
import io.cairn.pd.storage.CountingMetaStore;
import io.cairn.pd.storage.MemoryMetaStore;
import io.cairn.pd.storage.MetaStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TimestampOracleTest {

  private static final long T0 = 1_700_000_000_000L;

  @Test
  void batchIsTheLastTimestampAndTheRangeFollows() throws Exception {
    ManualClock clock = new ManualClock(T0);
    TimestampOracle tso = new TimestampOracle(clock, new MemoryMetaStore(), 3000);
    TimestampOracle.Batch a = tso.allocate(10);
    assertThat(a.physical()).isEqualTo(T0);
    assertThat(a.lastLogical()).isEqualTo(9);
    assertThat(a.first()).isEqualTo(TimestampOracle.compose(T0, 0));
    assertThat(a.last()).isEqualTo(T0 << 18 | 9);
    TimestampOracle.Batch b = tso.allocate(1);
    assertThat(b.first()).isEqualTo(a.last() + 1);
    clock.advance(5);
    assertThat(tso.allocate(3).first()).isEqualTo(TimestampOracle.compose(T0 + 5, 0));
  }

  @Test
  void clockStandingStillOrGoingBackKeepsCounting() throws Exception {
    ManualClock clock = new ManualClock(T0);
    TimestampOracle tso = new TimestampOracle(clock, new MemoryMetaStore(), 3000);
    long last = tso.allocate(1).last();
    clock.set(T0 - 10_000);
    for (int i = 0; i < 100; i++) {
      long ts = tso.allocate(7).first();
      assertThat(ts).isGreaterThan(last);
      last = ts + 6;
    }
  }

  @Test
  void logicalOverflowWaitsForTheNextMillisecond() throws Exception {
    ManualClock clock = new ManualClock(T0);
    TimestampOracle tso = new TimestampOracle(clock, new MemoryMetaStore(), 3000);
    tso.allocate(200_000);
    TimestampOracle.Batch b = tso.allocate(100_000);
    assertThat(b.physical()).isEqualTo(T0 + 1);
    assertThat(b.lastLogical()).isEqualTo(99_999);
    assertThat(clock.millis()).as("the oracle waited for the clock").isEqualTo(T0 + 1);
    assertThat(tso.allocate(1 << 18).lastLogical()).isEqualTo(TimestampOracle.MAX_LOGICAL);
  }

  @Test
  void rejectsBadCounts() {
    TimestampOracle tso = new TimestampOracle(new ManualClock(T0), new MemoryMetaStore(), 3000);
    assertThatThrownBy(() -> tso.allocate(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tso.allocate((1 << 18) + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void persistsOncePerWindowNotPerRequest() throws Exception {
    ManualClock clock = new ManualClock(T0);
    CountingMetaStore store = new CountingMetaStore(new MemoryMetaStore());
    TimestampOracle tso = new TimestampOracle(clock, store, 3000);
    for (int i = 0; i < 2999; i++) {
      tso.allocate(1);
      clock.advance(1);
    }
    assertThat(store.writes()).isEqualTo(1);
    tso.allocate(1);
    tso.allocate(1);
    assertThat(store.writes()).isEqualTo(1);
    clock.advance(1);
    tso.allocate(1);
    assertThat(store.writes()).isEqualTo(2);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 20261122})
  void monotonicAcrossRestartsWithAClockThatJumpsBack(long seed) throws Exception {
    Random rnd = new Random(seed);
    MetaStore store = new MemoryMetaStore();
    ManualClock clock = new ManualClock(T0);
    long last = 0;
    for (int run = 0; run < 50; run++) {
      // a restart: the clock may be anywhere, including well behind the previous run
      clock.set(T0 + rnd.nextInt(20_000) - 10_000);
      TimestampOracle tso = new TimestampOracle(clock, store, 1 + rnd.nextInt(3000));
      int requests = rnd.nextInt(200);
      for (int i = 0; i < requests; i++) {
        if (rnd.nextInt(4) == 0) {
          clock.advance(rnd.nextInt(50) - 20);
        }
        TimestampOracle.Batch b = tso.allocate(1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 100_000));
        assertThat(b.first()).as("seed %d run %d request %d", seed, run, i).isGreaterThan(last);
        last = b.last();
      }
    }
  }

  @Test
  void concurrentCallersGetDisjointIncreasingTimestamps() throws Exception {
    TimestampOracle tso = new TimestampOracle(new ManualClock(T0), new MemoryMetaStore(), 3000);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<List<Long>>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        tasks.add(() -> {
          List<Long> mine = new ArrayList<>();
          long prev = 0;
          for (int i = 0; i < 2000; i++) {
            TimestampOracle.Batch b = tso.allocate(1 + (i % 16));
            assertThat(b.first()).isGreaterThan(prev);
            prev = b.last();
            for (long ts = b.first(); ts <= b.last(); ts++) {
              mine.add(ts);
            }
          }
          return mine;
        });
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : pool.invokeAll(tasks)) {
        all.addAll(f.get());
      }
      Collections.sort(all);
      for (int i = 1; i < all.size(); i++) {
        assertThat(all.get(i)).isGreaterThan(all.get(i - 1));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
