package io.cairn.storage.server;

import static io.cairn.storage.server.NodeFixture.b;
import static io.cairn.storage.server.NodeFixture.bs;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proto.errorpb.Error;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.Mutation;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.proto.kvrpcpb.PrewriteRequest;
import io.cairn.proto.kvrpcpb.RawGetRequest;
import io.cairn.proto.kvrpcpb.RawPutRequest;
import io.cairn.proto.kvrpcpb.SplitRegionRequest;
import io.cairn.proto.kvrpcpb.SplitRegionResponse;
import io.cairn.proto.metapb.Peer;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every row of protocol.md's "Every KV request carries its route" table but busy (see NodeServerTest). */
class RegionErrorTest {
  private static final byte[] M = KeyMode.TXN.toRegionKey(b("m"));
  /** Region 1 [-, enc(m)) with a second peer on store 2; region 2 [enc(m), +). */
  private final NodeFixture f = new NodeFixture(b -> {}, List.of(
      new RegionMeta(1, null, M, new RegionEpoch(1, 1),
          List.of(new PeerMeta(10, 1), new PeerMeta(11, 2))),
      new RegionMeta(2, M, null, new RegionEpoch(1, 1), List.of(new PeerMeta(20, 1)))),
      CoprocessorHandler.UNSUPPORTED);

  @AfterEach
  void close() throws InterruptedException {
    f.close();
  }

  private Error kvGet(Context ctx, String key) {
    return f.kv.kvGet(GetRequest.newBuilder().setContext(ctx).setKey(bs(key)).setVersion(10)
        .build()).getRegionError();
  }

  private Error rawGet(Context ctx, String key) {
    return f.kv.rawGet(RawGetRequest.newBuilder().setContext(ctx).setKey(bs(key)).build())
        .getRegionError();
  }

  @Test
  void notLeaderWithHint() {
    f.regions().transferLeader(1, new PeerMeta(11, 2));
    Context ctx = f.ctx(2).toBuilder().setRegionId(1)
        .setPeer(Peer.newBuilder().setId(10).setStoreId(1)).build();
    Error e = kvGet(ctx, "a");
    assertThat(e.hasNotLeader()).isTrue();
    assertThat(e.getNotLeader().getRegionId()).isEqualTo(1);
    assertThat(e.getNotLeader().getLeader().getId()).isEqualTo(11);
    assertThat(e.getNotLeader().getLeader().getStoreId()).isEqualTo(2);
  }

  @Test
  void epochNotMatchAfterSplitCarriesCurrentRegions() {
    Context old = f.ctx(2);
    SplitRegionResponse split = f.kv.splitRegion(SplitRegionRequest.newBuilder().setContext(old)
        .addSplitKeys(bs("t")).build());
    assertThat(split.hasRegionError()).isFalse();
    assertThat(split.getRegionsList()).hasSize(2);
    assertThat(split.getLeft().getEndKey().toByteArray()).isEqualTo(KeyMode.TXN.toRegionKey(b("t")));
    assertThat(split.getRight().getId()).isEqualTo(2);
    assertThat(split.getRight().getRegionEpoch().getVersion()).isEqualTo(2);

    Error e = kvGet(old, "x");
    assertThat(e.hasEpochNotMatch()).isTrue();
    assertThat(e.getEpochNotMatch().getCurrentRegionsList())
        .extracting(r -> r.getId() + "@" + r.getRegionEpoch().getVersion())
        .containsExactly(split.getLeft().getId() + "@2", "2@2");
    // The epoch is checked before the key: a key now outside region 2 still gets EpochNotMatch.
    assertThat(kvGet(old, "n").hasEpochNotMatch()).isTrue();
    assertThat(kvGet(f.ctx(2), "x").getSerializedSize()).isZero();
  }

  @Test
  void regionNotFound() {
    Error e = kvGet(f.ctx(1).toBuilder().setRegionId(99).build(), "a");
    assertThat(e.getRegionNotFound().getRegionId()).isEqualTo(99);
  }

  @Test
  void keyNotInRegionComparesEncodedKeysInTxnMode() {
    Error e = kvGet(f.ctx(1), "x");
    assertThat(e.hasKeyNotInRegion()).isTrue();
    assertThat(e.getKeyNotInRegion().getKey().toStringUtf8()).isEqualTo("x");
    assertThat(e.getKeyNotInRegion().getRegionId()).isEqualTo(1);
    assertThat(e.getKeyNotInRegion().getEndKey().toByteArray()).isEqualTo(M);
    // "m" itself: txn key enc("m") is region 2's start; the raw key "m" sorts before enc("m").
    assertThat(kvGet(f.ctx(1), "m").hasKeyNotInRegion()).isTrue();
    assertThat(kvGet(f.ctx(2), "m").getSerializedSize()).isZero();
    assertThat(rawGet(f.ctx(1), "m").getSerializedSize()).isZero();
    assertThat(rawGet(f.ctx(2), "m").hasKeyNotInRegion()).isTrue();
  }

  @Test
  void keyNotInRegionForAnyKeyOfAWrite() {
    PrewriteRequest pw = PrewriteRequest.newBuilder().setContext(f.ctx(1)).setPrimaryLock(bs("a"))
        .setStartVersion(5).setLockTtl(100)
        .addMutations(Mutation.newBuilder().setOp(Op.Put).setKey(bs("a")).setValue(bs("1")))
        .addMutations(Mutation.newBuilder().setOp(Op.Put).setKey(bs("z")).setValue(bs("2")))
        .build();
    assertThat(f.kv.kvPrewrite(pw).getRegionError().getKeyNotInRegion().getKey().toStringUtf8())
        .isEqualTo("z");
    // Nothing was written.
    assertThat(f.kv.kvGet(GetRequest.newBuilder().setContext(f.ctx(1)).setKey(bs("a"))
        .setVersion(10).build()).hasError()).isFalse();
  }

  @Test
  void storeNotMatch() {
    Context ctx = f.ctx(1).toBuilder().setPeer(Peer.newBuilder().setId(11).setStoreId(7)).build();
    Error e = f.kv.rawPut(RawPutRequest.newBuilder().setContext(ctx).setKey(bs("a"))
        .setValue(bs("v")).build()).getRegionError();
    assertThat(e.getStoreNotMatch().getRequestStoreId()).isEqualTo(7);
    assertThat(e.getStoreNotMatch().getActualStoreId()).isEqualTo(1);
  }

  @Test
  void staleCommandWhenTheTermMovedOn() {
    f.regions().transferLeader(1, new PeerMeta(11, 2));
    f.regions().transferLeader(1, new PeerMeta(10, 1));
    Context stale = f.ctx(1).toBuilder().setTerm(1).build();
    assertThat(kvGet(stale, "a").hasStaleCommand()).isTrue();
    Context current = f.ctx(1).toBuilder().setTerm(f.regions().state(1).term()).build();
    assertThat(kvGet(current, "a").getSerializedSize()).isZero();
  }
}
