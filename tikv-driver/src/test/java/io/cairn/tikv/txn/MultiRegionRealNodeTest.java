package io.cairn.tikv.txn;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Snapshot;
import io.cairn.kv.Transaction;
import io.cairn.tikv.region.CachedRegion;
import io.cairn.tikv.region.InvalidReason;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcInterceptor;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.testing.RealNodes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver against two REAL storage nodes with several regions each (memcomparable-encoded
 * boundaries, as the nodes and PD keep them): snapshot reads across region boundaries, 2PC
 * across regions and stores, and splits the driver learns of from EpochNotMatch only.
 */
class MultiRegionRealNodeTest {

  /** Region boundaries as user keys; "k0000000009" is longer than one 8-byte encoding group. */
  private static final String[] SPLITS = {"d", "h", "k0000000009", "s", "w"};

  private RealNodes nodes;
  private TikvStorage storage;
  private final Map<Long, Set<RpcKind<?, ?>>> kindsByRegion = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    nodes = new RealNodes("multi", "m");
    nodes.split(SPLITS);
    nodes.publish();
    storage = nodes.open();
    storage.routing().rpcClient().addInterceptor(new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        kindsByRegion.computeIfAbsent(call.regionId(), id -> ConcurrentHashMap.newKeySet()).add(call.kind());
        return next.proceed(call);
      }
    });
  }

  @AfterEach
  void stop() {
    if (storage != null) {
      storage.close();
    }
    if (nodes != null) {
      nodes.close();
    }
  }

  private static byte[] v(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** Keys on both sides of every boundary, the boundaries themselves, and long keys. */
  private static List<String> keys() {
    List<String> out = new ArrayList<>();
    for (char c = 'a'; c <= 'z'; c++) {
      out.add(String.valueOf(c));
      out.add(c + "0000000009");
      out.add(c + "0000000008zz");
    }
    out.add("k000000000");
    out.add("k00000000090");
    Collections.sort(out);
    return out;
  }

  private TreeMap<String, String> writeAll(String tag) {
    TreeMap<String, String> model = new TreeMap<>();
    try (Transaction t = storage.begin()) {
      for (String k : keys()) {
        t.set(Key.utf8(k), v(tag + k));
        model.put(k, tag + k);
      }
      t.commit();
    }
    return model;
  }

  private List<String> scan(Snapshot s, KeyRange range, boolean reverse) {
    List<String> out = new ArrayList<>();
    try (KvIterator<KvPair> it = reverse ? s.iterateReverse(range) : s.iterate(range)) {
      while (it.hasNext()) {
        KvPair p = it.next();
        out.add(new String(p.key().toByteArray(), StandardCharsets.UTF_8) + "=" + str(p.value()));
      }
    }
    return out;
  }

  private static List<String> expected(TreeMap<String, String> model, String from, String to, boolean reverse) {
    List<String> out = new ArrayList<>();
    model.subMap(from, true, to, false).forEach((k, val) -> out.add(k + "=" + val));
    if (reverse) {
      Collections.reverse(out);
    }
    return out;
  }

  @Test
  void theNodesServeSeveralRegionsWithEncodedBoundaries() {
    assertThat(nodes.currentRegions()).hasSize(SPLITS.length + 2);
    // The driver sees user keys: the region of "k0000000009" starts exactly there.
    CachedRegion r = storage.routing().regionCache().locateKey(v("k0000000009"), io.cairn.tikv.retry.Backoffer.withBudget(1000));
    assertThat(str(r.startKey())).isEqualTo("k0000000009");
    assertThat(str(r.endKey())).isEqualTo("m");
  }

  @Test
  void twoPhaseCommitAcrossRegionsAndStores() {
    TreeMap<String, String> model = writeAll("v1-");
    Set<Long> prewritten = new java.util.HashSet<>();
    kindsByRegion.forEach((region, kinds) -> {
      if (kinds.contains(RpcKind.KV_PREWRITE)) {
        prewritten.add(region);
      }
    });
    assertThat(prewritten).as("prewrite reached every region").hasSize(SPLITS.length + 2);
    Snapshot s = storage.snapshot(storage.currentTimestamp());
    for (String k : model.keySet()) {
      assertThat(str(s.get(Key.utf8(k)))).as(k).isEqualTo(model.get(k));
    }
    // An update of a few keys in different regions on both stores.
    try (Transaction t = storage.begin()) {
      t.set(Key.utf8("a"), v("v2-a"));
      t.set(Key.utf8("k0000000009"), v("v2-k"));
      t.set(Key.utf8("z"), v("v2-z"));
      t.delete(Key.utf8("s"));
      t.commit();
    }
    Snapshot after = storage.snapshot(storage.currentTimestamp());
    assertThat(str(after.get(Key.utf8("a")))).isEqualTo("v2-a");
    assertThat(str(after.get(Key.utf8("k0000000009")))).isEqualTo("v2-k");
    assertThat(str(after.get(Key.utf8("z")))).isEqualTo("v2-z");
    assertThat(after.get(Key.utf8("s"))).isNull();
    assertThat(str(s.get(Key.utf8("s")))).as("the older snapshot still sees it").isEqualTo("v1-s");
  }

  @Test
  void snapshotReadsCrossRegionBoundaries() {
    TreeMap<String, String> model = writeAll("x");
    Snapshot s = storage.snapshot(storage.currentTimestamp());
    List<Key> all = model.keySet().stream().map(Key::utf8).toList();
    Map<Key, byte[]> got = s.batchGet(all);
    assertThat(got).hasSize(model.size());
    model.forEach((k, val) -> assertThat(str(got.get(Key.utf8(k)))).isEqualTo(val));
    assertThat(s.batchGet(List.of(Key.utf8("c1"), Key.utf8("m"), Key.utf8("zz")))).containsOnlyKeys(Key.utf8("m"));

    assertThat(scan(s, KeyRange.all(), false)).isEqualTo(expected(model, "", "\uffff", false));
    assertThat(scan(s, KeyRange.all(), true)).isEqualTo(expected(model, "", "\uffff", true));
    String[][] ranges = {{"c", "t"}, {"d", "h"}, {"g0", "k00000000090"}, {"k0000000009", "k0000000009zz"}, {"h", "x"}};
    for (String[] r : ranges) {
      KeyRange range = new KeyRange(Key.utf8(r[0]), Key.utf8(r[1]));
      assertThat(scan(s, range, false)).as("%s", range).isEqualTo(expected(model, r[0], r[1], false));
      assertThat(scan(s, range, true)).as("reverse %s", range).isEqualTo(expected(model, r[0], r[1], true));
    }
    assertThat(kindsByRegion.entrySet().stream().filter(e -> e.getValue().contains(RpcKind.KV_SCAN)).count())
        .as("scans visited every region").isEqualTo(SPLITS.length + 2);
  }

  @Test
  void splitsThatOnlyTheNodesKnowAreLearnedFromEpochNotMatch() {
    TreeMap<String, String> model = writeAll("before-");
    Snapshot warm = storage.snapshot(storage.currentTimestamp());
    warm.batchGet(model.keySet().stream().map(Key::utf8).toList());
    int cachedBefore = storage.routing().regionCache().size();
    long pdLoadsBefore = storage.routing().regionCache().metrics().pdLoads();

    // Split regions on both stores; PD is not told.
    nodes.split("b", "e", "k0000000009a", "o", "y");

    Snapshot s = storage.snapshot(storage.currentTimestamp());
    assertThat(str(s.get(Key.utf8("c")))).isEqualTo("before-c");
    Map<Key, byte[]> got = s.batchGet(model.keySet().stream().map(Key::utf8).toList());
    assertThat(got).hasSize(model.size());
    assertThat(scan(s, KeyRange.all(), false)).isEqualTo(expected(model, "", "\uffff", false));
    assertThat(scan(s, new KeyRange(Key.utf8("n"), Key.utf8("z")), true)).isEqualTo(expected(model, "n", "z", true));

    TreeMap<String, String> model2 = writeAll("after-");
    Snapshot s2 = storage.snapshot(storage.currentTimestamp());
    assertThat(scan(s2, KeyRange.all(), false)).isEqualTo(expected(model2, "", "\uffff", false));

    var cache = storage.routing().regionCache();
    assertThat(cache.size()).isEqualTo(cachedBefore + 5);
    assertThat(cache.metrics().invalidations(InvalidReason.EPOCH_NOT_MATCH)).isPositive();
    assertThat(cache.metrics().pdLoads()).as("the nodes' answers replaced the stale regions, PD was not asked")
        .isEqualTo(pdLoadsBefore);
    CachedRegion r = cache.locateKey(v("k0000000009a"), io.cairn.tikv.retry.Backoffer.withBudget(1000));
    assertThat(str(r.startKey())).isEqualTo("k0000000009a");
  }
}
