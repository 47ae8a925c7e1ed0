package io.cairn.storage.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.LockType;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegionLocksTest {
  private static final RegionMeta B_TO_D = new RegionMeta(7, KeyMode.TXN.toRegionKey(bytes("b")),
      KeyMode.TXN.toRegionKey(bytes("d")), RegionEpoch.INITIAL, List.of(new PeerMeta(1, 1)));

  @Test
  void rebuildCountsOnlyTheLocksInTheRegion() {
    try (MemoryEngine engine = new MemoryEngine()) {
      WriteBatch b = engine.newWriteBatch();
      b.put(ColumnFamily.LOCK, Keys.encode(bytes("a")), lock(5));
      b.put(ColumnFamily.LOCK, Keys.encode(bytes("b1")), lock(30));
      b.put(ColumnFamily.LOCK, Keys.encode(bytes("c")), lock(20));
      b.put(ColumnFamily.LOCK, Keys.encode(bytes("d")), lock(1));
      engine.write(b, false);
      RegionLocks locks = new RegionLocks();
      locks.rebuild(engine, B_TO_D, 12);
      assertThat(locks.resolved()).isEqualTo(new RegionLocks.Resolved(12, 20, 2));
      locks.rebuild(engine, null, 13);
      assertThat(locks.resolved()).isEqualTo(new RegionLocks.Resolved(13, Long.MAX_VALUE, 0));
    }
  }

  @Test
  void appliedMutationsMatchARebuildAtEveryIndex() {
    for (long seed : new long[] {1, 2, 3, System.nanoTime()}) {
      Random rnd = new Random(seed);
      try (MemoryEngine engine = new MemoryEngine()) {
        RegionLocks applied = new RegionLocks();
        applied.rebuild(engine, B_TO_D, 0);
        for (long index = 1; index <= 200; index++) {
          List<Mutation> entry = new ArrayList<>();
          for (int i = rnd.nextInt(4); i > 0; i--) {
            byte[] key = Keys.encode(bytes("b" + rnd.nextInt(10)));
            if (rnd.nextInt(3) == 0) {
              entry.add(new Mutation.Delete(ColumnFamily.LOCK, key));
            } else {
              entry.add(new Mutation.Put(ColumnFamily.LOCK, key, lock(1 + rnd.nextInt(50))));
            }
            if (rnd.nextInt(5) == 0) {
              entry.add(new Mutation.Put(ColumnFamily.WRITE, key, bytes("w")));
            }
          }
          WriteBatch b = engine.newWriteBatch();
          for (Mutation m : entry) {
            switch (m) {
              case Mutation.Put p -> b.put(p.cf(), p.key(), p.value());
              case Mutation.Delete d -> b.delete(d.cf(), d.key());
              case Mutation.DeleteRange r -> b.deleteRange(r.cf(), r.start(), r.end());
            }
          }
          engine.write(b, false);
          assertThat(applied.apply(entry, index)).isTrue();
          RegionLocks rebuilt = new RegionLocks();
          rebuilt.rebuild(engine, B_TO_D, index);
          assertThat(applied.resolved()).as("seed %d index %d", seed, index).isEqualTo(rebuilt.resolved());
        }
      }
    }
  }

  @Test
  void aRangeDeletionOfLocksAsksForARebuildAndOtherEntriesOnlyAdvance() {
    RegionLocks locks = new RegionLocks();
    assertThat(locks.apply(List.of(new Mutation.Put(ColumnFamily.LOCK, Keys.encode(bytes("b")), lock(9))), 3)).isTrue();
    assertThat(locks.apply(List.of(new Mutation.DeleteRange(ColumnFamily.LOCK, bytes("a"), bytes("z"))), 4)).isFalse();
    assertThat(locks.apply(List.of(new Mutation.DeleteRange(ColumnFamily.WRITE, bytes("a"), bytes("z"))), 5)).isTrue();
    locks.advance(8);
    assertThat(locks.resolved()).isEqualTo(new RegionLocks.Resolved(8, 9, 1));
  }

  @Test
  void aValueThatIsNoLockHoldsTheSafeTsAtZeroInsteadOfFailingTheApply() {
    try (MemoryEngine engine = new MemoryEngine()) {
      RegionLocks locks = new RegionLocks();
      byte[] key = Keys.encode(bytes("c"));
      assertThat(locks.apply(List.of(new Mutation.Put(ColumnFamily.LOCK, key, bytes("garbage"))), 1)).isTrue();
      assertThat(locks.resolved()).isEqualTo(new RegionLocks.Resolved(1, 0, 1));
      WriteBatch b = engine.newWriteBatch();
      b.put(ColumnFamily.LOCK, key, bytes("garbage"));
      engine.write(b, false);
      locks.rebuild(engine, B_TO_D, 2);
      assertThat(locks.resolved()).isEqualTo(new RegionLocks.Resolved(2, 0, 1));
      assertThat(locks.apply(List.of(new Mutation.Delete(ColumnFamily.LOCK, key)), 3)).isTrue();
      assertThat(locks.resolved()).isEqualTo(new RegionLocks.Resolved(3, Long.MAX_VALUE, 0));
    }
  }

  private static byte[] lock(long startTs) {
    return new Lock(LockType.PUT, bytes("p"), startTs, 3000, 0, 1, startTs + 1, null).toBytes();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
