package io.cairn.tikv.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.cairn.kv.BeginOptions;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Priority;
import io.cairn.kv.Snapshot;
import io.cairn.kv.SnapshotOptions;
import io.cairn.kv.Transaction;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcInterceptor;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.testing.FakeTxnNode;
import io.cairn.tikv.testing.TxnCluster;
import io.cairn.tikv.txn.TikvStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Snapshot reads that span the fake cluster's four regions. */
class SnapshotReadTest {

  private TxnCluster cluster;
  private TikvStorage storage;

  @BeforeEach
  void start() {
    cluster = new TxnCluster("snap");
    storage = cluster.open(TxnConfig.defaults().withScanBatchSize(3));
  }

  @AfterEach
  void stop() {
    storage.close();
    cluster.close();
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void batchGetFetchesEveryRegionInParallel() {
    List<String> keys = List.of("a", "acct/7", "c", "q", "z");
    try (Transaction t = storage.begin()) {
      keys.forEach(k -> t.set(Key.utf8(k), ("v-" + k).getBytes(StandardCharsets.UTF_8)));
      t.commit();
    }
    Snapshot s = storage.snapshot(storage.currentTimestamp());
    s.get(Key.utf8("a"));
    // Four regions hold the keys; each node holds its requests until all four arrived.
    CountDownLatch together = new CountDownLatch(4);
    cluster.nodes.forEach(n -> n.batchGetGate = together);
    List<Key> asked = new ArrayList<>();
    keys.forEach(k -> asked.add(Key.utf8(k)));
    asked.add(Key.utf8("missing"));
    asked.add(Key.utf8("a"));
    Map<Key, byte[]> got = s.batchGet(asked);
    cluster.nodes.forEach(n -> n.batchGetGate = null);
    assertThat(got).hasSize(5);
    got.forEach((k, v) -> assertThat(str(v)).isEqualTo("v-" + str(k.toByteArray())));
    assertThat(cluster.nodes.stream().mapToInt(n -> n.served(RpcKind.KV_BATCH_GET)).sum()).isEqualTo(4);
  }

  /** Random data and random ranges over all regions, scanned three pairs per request. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void scansCrossRegionsInBothDirections(long seed) {
    Random rnd = new Random(seed);
    String alphabet = "abcpqz/05";
    TreeMap<Key, String> model = new TreeMap<>();
    try (Transaction t = storage.begin()) {
      for (int i = 0; i < 60; i++) {
        StringBuilder sb = new StringBuilder();
        for (int j = 1 + rnd.nextInt(6); j > 0; j--) {
          sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        Key k = Key.utf8(sb.toString());
        t.set(k, ("v" + i).getBytes(StandardCharsets.UTF_8));
        model.put(k, "v" + i);
      }
      for (String split : TxnCluster.SPLITS) {
        t.set(Key.utf8(split), "edge".getBytes(StandardCharsets.UTF_8));
        model.put(Key.utf8(split), "edge");
      }
      t.commit();
    }
    Snapshot s = storage.snapshot(storage.currentTimestamp());
    List<Key> keys = new ArrayList<>(model.keySet());
    for (int i = 0; i < 30; i++) {
      Key a = rnd.nextInt(6) == 0 ? Key.EMPTY : keys.get(rnd.nextInt(keys.size()));
      Key b = rnd.nextInt(6) == 0 ? Key.EMPTY : keys.get(rnd.nextInt(keys.size()));
      KeyRange range = b.isEmpty() || a.compareTo(b) <= 0 ? new KeyRange(a, b) : new KeyRange(b, a);
      NavigableMap<Key, String> expected = range.isUnboundedEnd()
          ? model.tailMap(range.start(), true)
          : model.subMap(range.start(), true, range.end(), false);
      List<String> forward = new ArrayList<>();
      expected.forEach((k, v) -> forward.add(str(k.toByteArray()) + "=" + v));
      List<String> backward = new ArrayList<>(forward);
      Collections.reverse(backward);
      assertThat(drain(s.iterate(range))).as("seed %d range %s", seed, range).isEqualTo(forward);
      assertThat(drain(s.iterateReverse(range))).as("seed %d reverse %s", seed, range).isEqualTo(backward);
    }
  }

  private static List<String> drain(KvIterator<KvPair> it) {
    try (it) {
      List<String> out = new ArrayList<>();
      it.forEachRemaining(p -> out.add(str(p.key().toByteArray()) + "=" + str(p.value())));
      return out;
    }
  }

  @Test
  void readOptionsTravelInTheRequestContext() {
    List<Context> seen = new CopyOnWriteArrayList<>();
    storage.routing().rpcClient().addInterceptor(new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        if (call.kind() == RpcKind.KV_GET) {
          seen.add(call.kind().context(call.request()));
        }
        return next.proceed(call);
      }
    });
    SnapshotOptions opts = SnapshotOptions.builder().priority(Priority.HIGH).notFillCache(true).resourceGroup("rg1").build();
    assertThat(storage.snapshot(storage.currentTimestamp(), opts).get(Key.utf8("a"))).isNull();
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).getPriority()).isEqualTo(io.cairn.proto.kvrpcpb.CommandPri.High);
    assertThat(seen.get(0).getNotFillCache()).isTrue();
    assertThat(seen.get(0).getResourceGroupTag().toStringUtf8()).isEqualTo("rg1");
    assertThat(seen.get(0).getRegionId()).isEqualTo(1);
  }

  @Test
  void staleReadOptionsReachTheRequestContext() {
    try (Transaction t = storage.begin()) {
      t.set(Key.utf8("a"), "old".getBytes(StandardCharsets.UTF_8));
      t.commit();
    }
    long then = storage.currentTimestamp();
    try (Transaction t = storage.begin()) {
      t.set(Key.utf8("a"), "new".getBytes(StandardCharsets.UTF_8));
      t.commit();
    }
    List<Context> seen = new CopyOnWriteArrayList<>();
    storage.routing().rpcClient().addInterceptor(new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        if (call.kind() == RpcKind.KV_GET) {
          seen.add(call.kind().context(call.request()));
        }
        return next.proceed(call);
      }
    });
    Snapshot stale = storage.snapshot(then, SnapshotOptions.builder().staleRead(true).build());
    assertThat(str(stale.get(Key.utf8("a")))).isEqualTo("old");
    try (Transaction t = storage.begin(BeginOptions.builder().readOnly(true).startTs(then).staleRead(true).build())) {
      assertThat(str(t.get(Key.utf8("a")))).isEqualTo("old");
    }
    assertThat(str(storage.snapshot(then).get(Key.utf8("a")))).isEqualTo("old");
    assertThat(seen).extracting(Context::getStaleRead).containsExactly(true, true, false);
  }

  @Test
  void nodesSeeEveryRequestOnlyInItsOwnRegions() {
    try (Transaction t = storage.begin()) {
      t.set(Key.utf8("a"), new byte[] {1});
      t.set(Key.utf8("z"), new byte[] {2});
      t.commit();
    }
    assertThat(drain(storage.snapshot(storage.currentTimestamp()).iterate(KeyRange.all()))).hasSize(2);
    for (FakeTxnNode n : cluster.nodes) {
      assertThat(n.served(RpcKind.KV_SCAN)).as("every region is scanned").isPositive();
    }
  }
}
