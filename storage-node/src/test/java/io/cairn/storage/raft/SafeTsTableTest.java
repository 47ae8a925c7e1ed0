package io.cairn.storage.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SafeTsTableTest {

  @Test
  void anUpdateCountsOnlyOnceItsIndexIsApplied() {
    SafeTsTable t = new SafeTsTable();
    assertThat(t.usable(1, 100)).isZero();
    t.offer(new SafeTsUpdate(1, 2, 10, 500));
    t.offer(new SafeTsUpdate(1, 2, 20, 700));
    assertThat(t.usable(1, 9)).isZero();
    assertThat(t.usable(1, 10)).isEqualTo(500);
    assertThat(t.usable(1, 19)).isEqualTo(500);
    assertThat(t.usable(1, 25)).isEqualTo(700);
    assertThat(t.latest(1)).isEqualTo(700);
    assertThat(t.usable(2, 25)).as("other regions").isZero();
  }

  @Test
  void anUpdateNotAboveTheLastOneHeardIsIgnored() {
    SafeTsTable t = new SafeTsTable();
    t.offer(new SafeTsUpdate(1, 2, 10, 500));
    t.offer(new SafeTsUpdate(1, 2, 5, 400));
    t.offer(new SafeTsUpdate(1, 2, 5, 500));
    assertThat(t.usable(1, 9)).isZero();
    assertThat(t.usable(1, 10)).isEqualTo(500);
  }

  /** Whatever arrives, the usable ts is one heard at an index applied, and never goes down. */
  @Test
  void usableSafeTsIsAlwaysOneHeardAtAnAppliedIndex() {
    for (long seed : new long[] {1, 2, 3, System.nanoTime()}) {
      Random rnd = new Random(seed);
      SafeTsTable t = new SafeTsTable();
      TreeMap<Long, Long> heard = new TreeMap<>();
      long index = 0;
      long ts = 1000;
      long applied = 0;
      long lastUsable = 0;
      for (int step = 0; step < 2000; step++) {
        if (rnd.nextBoolean()) {
          index += rnd.nextInt(5);
          ts += rnd.nextInt(50);
          t.offer(new SafeTsUpdate(9, 1, index, ts));
          if (heard.isEmpty() || ts > heard.lastEntry().getValue()) {
            heard.merge(index, ts, Math::max);
          }
        } else {
          applied += rnd.nextInt(4);
        }
        long usable = t.usable(9, applied);
        long bound = heard.headMap(applied, true).values().stream().mapToLong(Long::longValue).max().orElse(0);
        assertThat(usable).as("seed %d step %d", seed, step).isLessThanOrEqualTo(bound).isGreaterThanOrEqualTo(lastUsable);
        if (heard.isEmpty() || heard.size() <= SafeTsTable.MAX_PENDING) {
          assertThat(usable).as("seed %d step %d: nothing dropped yet", seed, step).isEqualTo(bound);
        }
        lastUsable = usable;
      }
    }
  }
}
