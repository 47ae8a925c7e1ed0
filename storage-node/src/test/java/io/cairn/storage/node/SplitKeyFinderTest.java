package io.cairn.storage.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitKeyFinderTest {

  private static final List<PeerMeta> PEERS = List.of(new PeerMeta(2, 1, "127.0.0.1:1"));

  private static RegionMeta region(byte[] start, byte[] end) {
    return new RegionMeta(1, start, end, new RegionEpoch(1, 1), PEERS);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Random MVCC rows (several versions each, some with large values in CF default) and raw
   * keys: the split key is a region key that no row's versions straddle, strictly inside the
   * region, and each side holds between a quarter and three quarters of the bytes.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void splitsBetweenRowsNearTheMiddle(long seed) {
    Random rnd = new Random(seed);
    String ctx = "seed " + seed;
    // what is written, per column family (a repeated key overwrites)
    java.util.Map<ColumnFamily, TreeMap<byte[], byte[]>> data = new java.util.EnumMap<>(ColumnFamily.class);
    for (ColumnFamily cf : List.of(ColumnFamily.WRITE, ColumnFamily.DEFAULT, ColumnFamily.RAFT)) {
      data.put(cf, new TreeMap<>(Arrays::compareUnsigned));
    }
    int rows = 20 + rnd.nextInt(200);
    for (int i = 0; i < rows; i++) {
      byte[] user = new byte[1 + rnd.nextInt(20)];
      rnd.nextBytes(user);
      byte[] enc = Keys.encode(user);
      int versions = 1 + rnd.nextInt(5);
      for (int v = 0; v < versions; v++) {
        byte[] wk = Keys.appendTs(enc, 1000 + rnd.nextInt(100_000));
        data.get(ColumnFamily.WRITE).put(wk, new byte[10 + rnd.nextInt(20)]);
        if (rnd.nextInt(4) == 0) {
          data.get(ColumnFamily.DEFAULT).put(wk, new byte[300 + rnd.nextInt(500)]);
        }
      }
      if (rnd.nextBoolean()) {
        byte[] rk = new byte[2 + rnd.nextInt(10)];
        rnd.nextBytes(rk);
        rk[0] = 'r';
        data.get(ColumnFamily.RAFT).put(rk, new byte[5 + rnd.nextInt(50)]);
      }
    }
    MemoryEngine engine = new MemoryEngine();
    WriteBatch b = engine.newWriteBatch();
    // region key -> bytes stored under it
    TreeMap<byte[], Long> weights = new TreeMap<>(Arrays::compareUnsigned);
    data.forEach((cf, entries) -> entries.forEach((k, v) -> {
      b.put(cf, k, v);
      byte[] regionKey = cf == ColumnFamily.RAFT ? Arrays.copyOfRange(k, 1, k.length)
          : Keys.truncateTs(k);
      weights.merge(regionKey, (long) k.length + v.length, Long::sum);
    }));
    engine.write(b, true);
    long total = weights.values().stream().mapToLong(Long::longValue).sum();
    RegionMeta whole = region(null, null);

    SplitKeyFinder.Scan scan = SplitKeyFinder.scan(engine, whole);

    assertThat(scan.bytes()).as(ctx).isEqualTo(total);
    assertThat(scan.splitKey()).as(ctx).isNotNull();
    assertThat(weights).as(ctx + ": the split key is where a row starts").containsKey(scan.splitKey());
    assertThat(scan.splitKey()).as(ctx).isNotEqualTo(weights.firstKey());
    long left = weights.headMap(scan.splitKey()).values().stream().mapToLong(Long::longValue).sum();
    long largest = weights.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    // the boundary is the first one past the middle: at most one row beyond it
    assertThat(left).as(ctx).isBetween(total / 2 - largest, total / 2 + largest);
    // every version of every row lies on one side
    try (var it = engine.iterator(ColumnFamily.WRITE, null, null)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        byte[] enc = Keys.truncateTs(it.key());
        boolean rowLeft = Arrays.compareUnsigned(enc, scan.splitKey()) < 0;
        boolean versionLeft = Arrays.compareUnsigned(it.key(), scan.splitKey()) < 0;
        assertThat(versionLeft).as(ctx + ": a version on the other side of its row").isEqualTo(rowLeft);
      }
    }
  }

  @Test
  void onlyTheRegionsOwnDataCounts() {
    MemoryEngine engine = new MemoryEngine();
    WriteBatch b = engine.newWriteBatch();
    for (String k : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
      b.put(ColumnFamily.WRITE, Keys.appendTs(Keys.encode(utf8(k)), 10), new byte[10]);
    }
    engine.write(b, true);
    RegionMeta middle = region(Keys.encode(utf8("c")), Keys.encode(utf8("g")));

    SplitKeyFinder.Scan scan = SplitKeyFinder.scan(engine, middle);

    assertThat(scan.keys()).isEqualTo(4);
    assertThat(scan.splitKey()).isEqualTo(Keys.encode(utf8("e")));
  }

  @Test
  void aRegionOfOneRowCannotSplit() {
    MemoryEngine engine = new MemoryEngine();
    WriteBatch b = engine.newWriteBatch();
    for (int ts = 1; ts <= 50; ts++) {
      b.put(ColumnFamily.WRITE, Keys.appendTs(Keys.encode(utf8("hot")), ts), new byte[100]);
    }
    engine.write(b, true);

    SplitKeyFinder.Scan scan = SplitKeyFinder.scan(engine, region(null, null));

    assertThat(scan.keys()).isEqualTo(50);
    assertThat(scan.splitKey()).isNull();
  }

  @Test
  void aHeavyLastRowSplitsBeforeIt() {
    MemoryEngine engine = new MemoryEngine();
    WriteBatch b = engine.newWriteBatch();
    b.put(ColumnFamily.WRITE, Keys.appendTs(Keys.encode(utf8("a")), 1), new byte[10]);
    b.put(ColumnFamily.WRITE, Keys.appendTs(Keys.encode(utf8("b")), 1), new byte[10]);
    b.put(ColumnFamily.DEFAULT, Keys.appendTs(Keys.encode(utf8("z")), 1), new byte[10_000]);
    b.put(ColumnFamily.WRITE, Keys.appendTs(Keys.encode(utf8("z")), 2), new byte[10]);
    engine.write(b, true);

    SplitKeyFinder.Scan scan = SplitKeyFinder.scan(engine, region(null, null));

    assertThat(scan.splitKey()).isEqualTo(Keys.encode(utf8("z")));
  }

  @Test
  void anEmptyRegionHasNoSplitKey() {
    SplitKeyFinder.Scan scan = SplitKeyFinder.scan(new MemoryEngine(), region(null, null));
    assertThat(scan.bytes()).isZero();
    assertThat(scan.splitKey()).isNull();
  }
}
