package io.cairn.storage.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link RegionEngine} contract, run against every implementation. A fixture is store 1
 * holding region 1 over the whole key space at epoch 1/1 with its peer 2 (and possibly peers
 * on other stores), led here, and an id allocator whose next ids are 101, 102, ... (so the
 * pieces of a split are predictable: a region id, then one peer id per replica).
 */
public abstract class RegionEngineContractTest {

  /** An engine under test with what it routes by and what it writes to. */
  public interface Fixture extends AutoCloseable {
    RegionEngine engine();

    RegionRegistry registry();

    KvEngine kv();

    /**
     * Called after a split through {@link #engine()}: returns once every piece can be served
     * by this store (a replicated fixture moves the new regions' leadership here).
     */
    default void settle(List<RegionMeta> pieces) {}

    @Override
    void close() throws Exception;
  }

  /** A fresh fixture as the class comment describes, ready to serve region 1. */
  protected abstract Fixture open() throws Exception;

  private Fixture f;
  private RegionEngine engine;
  private RegionRegistry registry;

  @BeforeEach
  void openFixture() throws Exception {
    f = open();
    engine = f.engine();
    registry = f.registry();
  }

  @AfterEach
  void closeFixture() throws Exception {
    f.close();
  }

  protected static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static RegionError errorOf(Runnable r) {
    try {
      r.run();
    } catch (RegionException e) {
      return e.error();
    }
    throw new AssertionError("no region error");
  }

  /** The context that routes to {@code regionId} as the store knows it now. */
  protected RequestContext contextFor(long regionId, KeyMode mode) {
    RegionMeta m = registry.get(regionId);
    assertThat(m).as("region %d", regionId).isNotNull();
    return RequestContext.of(regionId, m.epoch(), 1, 0, mode);
  }

  private List<RegionMeta> split(RequestContext ctx, List<byte[]> keys) {
    List<RegionMeta> pieces = engine.split(ctx, keys);
    f.settle(pieces);
    return pieces;
  }

  private void put(RequestContext ctx, String rawKey, String value) {
    WriteBatch batch = engine.newWriteBatch();
    batch.put(ColumnFamily.RAFT, b("r" + rawKey), b(value));
    engine.write(ctx.withKeys(List.of(b(rawKey))), batch);
  }

  private String get(RequestContext ctx, String rawKey) {
    try (RegionSnapshot s = engine.snapshot(ctx.withKeys(List.of(b(rawKey))))) {
      byte[] v = s.get(ColumnFamily.RAFT, b("r" + rawKey));
      return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
  }

  @Test
  void anAcknowledgedWriteIsInEveryLaterSnapshot() {
    for (int i = 0; i < 20; i++) {
      put(contextFor(1, KeyMode.RAW), "k" + i, "v" + i);
      assertThat(get(contextFor(1, KeyMode.RAW), "k" + i)).isEqualTo("v" + i);
    }
    WriteBatch del = engine.newWriteBatch();
    del.delete(ColumnFamily.RAFT, b("rk3"));
    engine.write(contextFor(1, KeyMode.RAW), del);
    assertThat(get(contextFor(1, KeyMode.RAW), "k3")).isNull();
    assertThat(f.kv().get(ColumnFamily.RAFT, b("rk4"))).isEqualTo(b("v4"));
  }

  @Test
  void splitBumpsVersionKeepsTheIdOnTheRightAndTellsListeners() {
    List<List<RegionMeta>> heard = new ArrayList<>();
    registry.addListener((parent, regions) -> heard.add(regions));
    List<PeerMeta> peers = registry.get(1).peers();
    int n = peers.size();
    List<RegionMeta> pieces = split(contextFor(1, KeyMode.RAW), List.of(b("g"), b("p")));
    assertThat(pieces).extracting(RegionMeta::id).containsExactly(101L, 102L + n, 1L);
    assertThat(pieces).allSatisfy(r -> assertThat(r.epoch()).isEqualTo(new RegionEpoch(1, 3)));
    for (int j = 0; j < n; j++) {
      assertThat(pieces.get(0).peers().get(j).id()).isEqualTo(102L + j);
      assertThat(pieces.get(0).peers().get(j).storeId()).isEqualTo(peers.get(j).storeId());
    }
    assertThat(pieces.get(2).peers()).isEqualTo(peers);
    assertThat(pieces.get(1).startKey()).isEqualTo(b("g"));
    assertThat(pieces.get(2).startKey()).isEqualTo(b("p"));
    assertThat(registry.regionFor(b("h")).id()).isEqualTo(102L + n);
    assertThat(heard).containsExactly(pieces);
  }

  @Test
  void everyPieceOfASplitServesItsKeysAndOnlyThem() {
    put(contextFor(1, KeyMode.RAW), "c", "before");
    List<RegionMeta> pieces = split(contextFor(1, KeyMode.RAW), List.of(b("m")));
    long left = pieces.get(0).id();
    assertThat(get(contextFor(left, KeyMode.RAW), "c")).isEqualTo("before");
    put(contextFor(left, KeyMode.RAW), "d", "left");
    put(contextFor(1, KeyMode.RAW), "x", "right");
    assertThat(get(contextFor(left, KeyMode.RAW), "d")).isEqualTo("left");
    assertThat(get(contextFor(1, KeyMode.RAW), "x")).isEqualTo("right");
    assertThat(errorOf(() -> put(contextFor(1, KeyMode.RAW), "d", "wrong")))
        .isInstanceOf(RegionError.KeyNotInRegion.class);
    assertThat(errorOf(() -> get(contextFor(left, KeyMode.RAW), "x")))
        .isInstanceOf(RegionError.KeyNotInRegion.class);
  }

  @Test
  void aWriteCheckedAgainstTheOldEpochIsRefusedAfterASplit() {
    RequestContext ctx = contextFor(1, KeyMode.RAW).withKeys(List.of(b("a")));
    engine.snapshot(ctx).close();
    WriteBatch batch = engine.newWriteBatch();
    batch.put(ColumnFamily.RAFT, b("ra"), b("v"));
    split(contextFor(1, KeyMode.RAW), List.of(b("m")));
    RegionError e = errorOf(() -> engine.write(ctx, batch));
    assertThat(e).isInstanceOfSatisfying(RegionError.EpochNotMatch.class,
        m -> assertThat(m.currentRegions()).hasSize(2));
    assertThat(f.kv().get(ColumnFamily.RAFT, b("ra"))).isNull();
    assertThat(errorOf(() -> engine.snapshot(ctx).close()))
        .isInstanceOf(RegionError.EpochNotMatch.class);
  }

  @Test
  void routingErrorsComeInTikvsOrder() {
    RequestContext good = contextFor(1, KeyMode.RAW);
    assertThat(errorOf(() -> engine.snapshot(RequestContext.of(1, good.epoch(), 7, 0, KeyMode.RAW))))
        .isEqualTo(new RegionError.StoreNotMatch(7, 1));
    assertThat(errorOf(() -> engine.snapshot(RequestContext.of(99, good.epoch(), 1, 0, KeyMode.RAW))))
        .isEqualTo(new RegionError.RegionNotFound(99));
    WriteBatch batch = engine.newWriteBatch();
    batch.put(ColumnFamily.RAFT, b("rq"), b("v"));
    assertThat(errorOf(() -> engine.write(RequestContext.of(1, new RegionEpoch(1, 5), 1, 0,
        KeyMode.RAW).withKeys(List.of(b("q"))), batch)))
        .isInstanceOf(RegionError.EpochNotMatch.class);
    assertThat(f.kv().get(ColumnFamily.RAFT, b("rq"))).isNull();
    // an empty batch only checks
    engine.write(good, engine.newWriteBatch());
  }

  @Test
  void snapshotsNeverLeaveTheRegion() {
    WriteBatch batch = engine.newWriteBatch();
    for (String k : List.of("a", "m", "z")) {
      batch.put(ColumnFamily.RAFT, b("r" + k), b(k));
      batch.put(ColumnFamily.LOCK, KeyMode.TXN.toRegionKey(b(k)), b(k));
    }
    engine.write(contextFor(1, KeyMode.RAW), batch);
    split(contextFor(1, KeyMode.TXN), List.of(KeyMode.TXN.toRegionKey(b("m"))));
    long left = registry.regionFor(KeyMode.TXN.toRegionKey(b("a"))).id();
    try (RegionSnapshot s = engine.snapshot(contextFor(left, KeyMode.TXN))) {
      assertThat(count(s, ColumnFamily.LOCK, null, null)).isEqualTo(1);
      // Raw "m" sorts before enc("m"), so it is in the left region.
      assertThat(count(s, ColumnFamily.RAFT, null, null)).isEqualTo(2);
      assertThat(count(s, ColumnFamily.LOCK, KeyMode.TXN.toRegionKey(b("n")), null)).isZero();
    }
    try (RegionSnapshot s = engine.snapshot(contextFor(1, KeyMode.TXN))) {
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
    split(contextFor(1, KeyMode.RAW), List.of(b("m")));
    long left = registry.regionFor(b("a")).id();
    assertThatThrownBy(() -> engine.split(contextFor(left, KeyMode.RAW), List.of(b("x"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> engine.split(contextFor(left, KeyMode.RAW),
        List.of(b("f"), b("c")))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> engine.split(contextFor(1, KeyMode.RAW), List.of(b("m"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> engine.split(contextFor(1, KeyMode.RAW), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    RequestContext stale = RequestContext.of(1, new RegionEpoch(1, 1), 1, 0, KeyMode.RAW);
    assertThat(errorOf(() -> engine.split(stale, List.of(b("q")))))
        .isInstanceOf(RegionError.EpochNotMatch.class);
  }
}
