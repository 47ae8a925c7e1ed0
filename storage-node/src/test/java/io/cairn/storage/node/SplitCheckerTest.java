package io.cairn.storage.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.engine.rocksdb.RocksEngine;
import io.cairn.storage.engine.rocksdb.RocksEngineOptions;
import io.cairn.storage.region.LocalRegionEngine;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split check over RocksDB's estimates, without Raft (the region engine splits locally). */
class SplitCheckerTest {

  private static final long STORE = 1;

  @TempDir
  Path dir;

  private static byte[] rawKey(int i) {
    return ("r" + String.format("key%05d", i)).getBytes(StandardCharsets.UTF_8);
  }

  private static void writeRaw(RocksEngine engine, int from, int to) {
    WriteBatch b = engine.newWriteBatch();
    for (int i = from; i < to; i++) {
      b.put(ColumnFamily.RAFT, rawKey(i), new byte[20]);
    }
    engine.write(b, true);
  }

  private static RegionRegistry registry(RegionMeta... regions) {
    AtomicLong ids = new AtomicLong(100);
    RegionRegistry r = new RegionRegistry(STORE, ids::incrementAndGet);
    for (RegionMeta m : regions) {
      r.add(m);
    }
    return r;
  }

  private static RegionMeta region(long id, String start, String end) {
    return new RegionMeta(id, start == null ? null : start.getBytes(StandardCharsets.UTF_8),
        end == null ? null : end.getBytes(StandardCharsets.UTF_8), new RegionEpoch(1, 1),
        List.of(new PeerMeta(id * 10, STORE)));
  }

  @Test
  void regionsAboveTheKeyThresholdSplitUntilNoneIs() {
    try (RocksEngine engine = RocksEngine.open(RocksEngineOptions.builder(dir).build())) {
      RegionRegistry registry = registry(region(1, null, null));
      SplitChecker checker = new SplitChecker(registry, RegionSizer.rocks(engine), engine,
          new LocalRegionEngine(engine, registry),
          new NodeConfig.SplitCheck(1L << 30, 100, Duration.ofHours(1)));
      assertThat(checker.checkOnce()).as("an empty region").isZero();
      writeRaw(engine, 0, 800);
      engine.flush();

      int rounds = 0;
      while (checker.checkOnce() > 0) {
        rounds++;
      }

      List<RegionMeta> regions = registry.regions();
      assertThat(rounds).isBetween(3, 10);
      assertThat(regions.size()).isBetween(8, 16);
      for (RegionMeta m : regions) {
        long keys = java.util.stream.IntStream.range(0, 800)
            .filter(i -> m.contains(java.util.Arrays.copyOfRange(rawKey(i), 1, rawKey(i).length)))
            .count();
        assertThat(keys).as("keys in %s", m).isBetween(25L, 100L);
      }
    }
  }

  @Test
  void anEstimateAboveTheThresholdIsCheckedExactlyAndNotSplitWhenWrong() {
    try (RocksEngine engine = RocksEngine.open(RocksEngineOptions.builder(dir).build())) {
      // one SST file spans both regions, so each one's key estimate counts all 300 keys
      writeRaw(engine, 0, 300);
      engine.flush();
      RegionRegistry registry = registry(region(1, null, "key00150"), region(2, "key00150", null));
      RegionSizer sizer = RegionSizer.rocks(engine);
      assertThat(sizer.size(registry.get(1)).keys()).isGreaterThan(200);
      SplitChecker checker = new SplitChecker(registry, sizer, engine,
          new LocalRegionEngine(engine, registry),
          new NodeConfig.SplitCheck(1L << 30, 200, Duration.ofHours(1)));

      assertThat(checker.checkOnce()).isZero();
      assertThat(checker.checkOnce()).as("measured once, not again").isZero();
      assertThat(registry.regions()).hasSize(2);
    }
  }
}
