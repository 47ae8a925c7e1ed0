package io.cairn.storage.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.engine.memory.MemoryEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalRegionEngineTest {
  private final MemoryEngine kv = new MemoryEngine();
  private final AtomicLong ids = new AtomicLong(100);
  private final RegionRegistry registry = new RegionRegistry(1, ids::incrementAndGet);
  private final LocalRegionEngine engine = new LocalRegionEngine(kv, registry);

  LocalRegionEngineTest() {
    registry.add(new RegionMeta(1, null, null, new RegionEpoch(1, 1), List.of(new PeerMeta(2, 1))));
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static RegionError errorOf(Runnable r) {
    try {
      r.run();
    } catch (RegionException e) {
      return e.error();
    }
    throw new AssertionError("no region error");
  }

  @Test
  void splitBumpsVersionKeepsTheIdOnTheRightAndTellsListeners() {
    List<List<RegionMeta>> heard = new ArrayList<>();
    registry.addListener((parent, regions) -> heard.add(regions));
    List<RegionMeta> pieces = engine.split(engine.contextFor(1, KeyMode.RAW), List.of(b("g"), b("p")));
    assertThat(pieces).extracting(RegionMeta::id).containsExactly(101L, 103L, 1L);
    assertThat(pieces).allSatisfy(r -> assertThat(r.epoch()).isEqualTo(new RegionEpoch(1, 3)));
    assertThat(pieces.get(0).peers()).containsExactly(new PeerMeta(102, 1));
    assertThat(pieces.get(1).startKey()).isEqualTo(b("g"));
    assertThat(pieces.get(2).startKey()).isEqualTo(b("p"));
    assertThat(registry.regionFor(b("h")).id()).isEqualTo(103);
    assertThat(heard).containsExactly(pieces);
  }

  @Test
  void aWriteCheckedAgainstTheOldEpochIsRefusedAfterASplit() {
    RequestContext ctx = engine.contextFor(1, KeyMode.RAW).withKeys(List.of(b("a")));
    engine.snapshot(ctx).close();
    WriteBatch batch = engine.newWriteBatch();
    batch.put(ColumnFamily.RAFT, b("ra"), b("v"));
    engine.split(engine.contextFor(1, KeyMode.RAW), List.of(b("m")));
    RegionError e = errorOf(() -> engine.write(ctx, batch));
    assertThat(e).isInstanceOfSatisfying(RegionError.EpochNotMatch.class,
        m -> assertThat(m.currentRegions()).hasSize(2));
    assertThat(kv.get(ColumnFamily.RAFT, b("ra"))).isNull();
  }

  @Test
  void snapshotsNeverLeaveTheRegion() {
    WriteBatch batch = engine.newWriteBatch();
    for (String k : List.of("a", "m", "z")) {
      batch.put(ColumnFamily.RAFT, b("r" + k), b(k));
      batch.put(ColumnFamily.LOCK, KeyMode.TXN.toRegionKey(b(k)), b(k));
    }
    engine.write(engine.contextFor(1, KeyMode.RAW), batch);
    engine.split(engine.contextFor(1, KeyMode.TXN), List.of(KeyMode.TXN.toRegionKey(b("m"))));
    long left = registry.regionFor(KeyMode.TXN.toRegionKey(b("a"))).id();
    try (RegionSnapshot s = engine.snapshot(engine.contextFor(left, KeyMode.TXN))) {
      assertThat(count(s, ColumnFamily.LOCK, null, null)).isEqualTo(1);
      // Raw "m" sorts before enc("m"), so it is in the left region.
      assertThat(count(s, ColumnFamily.RAFT, null, null)).isEqualTo(2);
      assertThat(count(s, ColumnFamily.LOCK, KeyMode.TXN.toRegionKey(b("n")), null)).isZero();
    }
    try (RegionSnapshot s = engine.snapshot(engine.contextFor(1, KeyMode.TXN))) {
      assertThat(count(s, ColumnFamily.LOCK, null, null)).isEqualTo(2);
      assertThat(count(s, ColumnFamily.RAFT, null, null)).isEqualTo(1);
    }
  }

  private static int count(RegionSnapshot s, ColumnFamily cf, byte[] lo, byte[] hi) {
    int n = 0;
    try (EngineIterator it = s.iterator(cf, lo, hi)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        n++;
      }
    }
    return n;
  }

  @Test
  void badSplitsAreRefused() {
    engine.split(engine.contextFor(1, KeyMode.RAW), List.of(b("m")));
    long left = registry.regionFor(b("a")).id();
    assertThatThrownBy(() -> engine.split(engine.contextFor(left, KeyMode.RAW), List.of(b("x"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> engine.split(engine.contextFor(left, KeyMode.RAW),
        List.of(b("f"), b("c")))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> engine.split(engine.contextFor(1, KeyMode.RAW), List.of(b("m"))))
        .isInstanceOf(IllegalArgumentException.class);
    RequestContext stale = RequestContext.of(1, new RegionEpoch(1, 1), 1, 0, KeyMode.RAW);
    assertThat(errorOf(() -> engine.split(stale, List.of(b("q")))))
        .isInstanceOf(RegionError.EpochNotMatch.class);
  }

  @Test
  void overlappingRegionsAndForeignRegionsAreRefused() {
    assertThatThrownBy(() -> registry.add(new RegionMeta(5, b("a"), b("b"), new RegionEpoch(1, 1),
        List.of(new PeerMeta(6, 1))))).hasMessageContaining("overlaps");
    assertThatThrownBy(() -> registry.add(new RegionMeta(5, b("a"), b("b"), new RegionEpoch(1, 1),
        List.of(new PeerMeta(6, 2))))).hasMessageContaining("no peer");
  }
}
