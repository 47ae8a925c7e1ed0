package io.cairn.storage.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.PeerRole;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.pdpb.ErrorType;
import io.cairn.proto.pdpb.GetRegionResponse;
import io.cairn.proto.pdpb.SplitID;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitReporterTest {

  private static final Comparator<ByteString> ORDER =
      ByteString.unsignedLexicographicalComparator();

  private static ByteString key(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void pdRoutesTheNewRangesAfterTheReport() {
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c = pd.connect()) {
      StoreRegistrar.Registration reg =
          new StoreRegistrar(c, new MemoryStoreMeta(), StoreDescriptor.of("127.0.0.1:20160", 0))
              .register();
      Region parent = reg.bootstrappedRegion();
      SplitReporter splits = new SplitReporter(c);

      SplitReporter.BatchSplit plan = splits.askBatchSplit(parent, List.of(key("g"), key("p")));
      assertThat(plan.regions()).hasSize(3);
      // right-derive, as the Raft split applies it: the parent keeps the rightmost range
      assertThat(plan.regions().get(2).getId()).isEqualTo(parent.getId());
      // nothing changes in PD until the split is reported
      assertThat(pd.regionByKey("x".getBytes()).getRegion().getId()).isEqualTo(parent.getId());

      splits.reportBatchSplit(plan.regions());

      assertThat(pd.regionByKey("a".getBytes()).getRegion()).isEqualTo(plan.regions().get(0));
      assertThat(pd.regionByKey("g".getBytes()).getRegion()).isEqualTo(plan.regions().get(1));
      assertThat(pd.regionByKey("o".getBytes()).getRegion()).isEqualTo(plan.regions().get(1));
      GetRegionResponse last = pd.regionByKey("zzz".getBytes());
      assertThat(last.getRegion()).isEqualTo(plan.regions().get(2));
      assertThat(last.getRegion().getRegionEpoch().getVersion()).isEqualTo(3);

      // and again, splitting the rightmost piece (the parent's id)
      Region right = plan.regions().get(2);
      SplitReporter.BatchSplit again = splits.askBatchSplit(right, List.of(key("t")));
      splits.reportBatchSplit(again.regions());
      assertThat(pd.regionByKey("u".getBytes()).getRegion().getId()).isEqualTo(right.getId());
      assertThat(pd.regionByKey("q".getBytes()).getRegion().getId())
          .isEqualTo(again.regions().get(0).getId());
      assertThat(again.regions().get(0).getId()).isNotEqualTo(right.getId());
    }
  }

  @Test
  void splitOfARegionPdDoesNotKnowIsRefused() {
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c = pd.connect()) {
      new StoreRegistrar(c, new MemoryStoreMeta(), StoreDescriptor.of("127.0.0.1:20160", 0))
          .register();
      Region unknown = Region.newBuilder().setId(9999)
          .addPeers(Peer.newBuilder().setId(1).setStoreId(1)).build();
      assertThatThrownBy(() -> new SplitReporter(c).askBatchSplit(unknown, List.of(key("k"))))
          .isInstanceOfSatisfying(PdClientException.class,
              e -> assertThat(e.isRefusal(ErrorType.REGION_NOT_FOUND)).isTrue());
    }
  }

  @Test
  void badSplitKeysAreRefusedBeforeAskingPd() {
    Region r = Region.newBuilder().setId(2).setStartKey(key("b")).setEndKey(key("m"))
        .addPeers(Peer.newBuilder().setId(3).setStoreId(1)).build();
    List<SplitID> one = List.of(SplitID.newBuilder().setNewRegionId(4).addNewPeerIds(5).build());
    for (List<ByteString> bad : List.of(List.<ByteString>of(), List.of(key("b")),
        List.of(key("a")), List.of(key("m")), List.of(key("z")), List.of(ByteString.EMPTY),
        List.of(key("d"), key("c")), List.of(key("d"), key("d")))) {
      assertThatThrownBy(() -> SplitReporter.plan(r, bad, one)).as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> SplitReporter.plan(r, List.of(key("c")),
        List.of(SplitID.newBuilder().setNewRegionId(4).build())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SplitReporter.plan(r, List.of(key("c"), key("d")), one))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The planned regions tile the parent's range exactly, with fresh ids and the same stores. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void planTilesTheParentRange(long seed) {
    Random rnd = new Random(seed);
    TreeSet<ByteString> keys = new TreeSet<>(ORDER);
    int wanted = 3 + rnd.nextInt(8);
    while (keys.size() < wanted) {
      byte[] k = new byte[1 + rnd.nextInt(4)];
      rnd.nextBytes(k);
      keys.add(ByteString.copyFrom(k));
    }
    List<ByteString> all = new ArrayList<>(keys);
    boolean unboundedStart = rnd.nextBoolean();
    boolean unboundedEnd = rnd.nextBoolean();
    ByteString start = unboundedStart ? ByteString.EMPTY : all.removeFirst();
    ByteString end = unboundedEnd ? ByteString.EMPTY : all.removeLast();
    List<ByteString> splitKeys = all.subList(0, 1 + rnd.nextInt(all.size()));
    int peers = 1 + rnd.nextInt(3);
    Region.Builder parent = Region.newBuilder().setId(100).setStartKey(start).setEndKey(end)
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1 + rnd.nextInt(5))
            .setVersion(1 + rnd.nextInt(5)));
    for (int j = 0; j < peers; j++) {
      parent.addPeers(Peer.newBuilder().setId(101 + j).setStoreId(1 + j)
          .setRole(j == 2 ? PeerRole.Learner : PeerRole.Voter));
    }
    List<SplitID> ids = new ArrayList<>();
    long next = 1000;
    for (int i = 0; i < splitKeys.size(); i++) {
      SplitID.Builder id = SplitID.newBuilder().setNewRegionId(next++);
      for (int j = 0; j < peers; j++) {
        id.addNewPeerIds(next++);
      }
      ids.add(id.build());
    }

    List<Region> out = SplitReporter.plan(parent.build(), splitKeys, ids);

    String ctx = "seed " + seed;
    assertThat(out).as(ctx).hasSize(splitKeys.size() + 1);
    assertThat(out.getFirst().getStartKey()).as(ctx).isEqualTo(start);
    assertThat(out.getLast().getEndKey()).as(ctx).isEqualTo(end);
    assertThat(out.getLast().getId()).as(ctx).isEqualTo(100);
    assertThat(out.getLast().getPeersList()).as(ctx).isEqualTo(parent.getPeersList());
    for (int i = 0; i < out.size(); i++) {
      Region r = out.get(i);
      assertThat(r.getRegionEpoch().getVersion()).as(ctx)
          .isEqualTo(parent.getRegionEpoch().getVersion() + splitKeys.size());
      assertThat(r.getRegionEpoch().getConfVer()).as(ctx)
          .isEqualTo(parent.getRegionEpoch().getConfVer());
      if (i + 1 < out.size()) {
        assertThat(r.getEndKey()).as(ctx).isEqualTo(out.get(i + 1).getStartKey());
        assertThat(ORDER.compare(r.getStartKey(), r.getEndKey())).as(ctx).isNegative();
      }
      if (i + 1 < out.size()) {
        assertThat(r.getId()).as(ctx).isEqualTo(ids.get(i).getNewRegionId());
        for (int j = 0; j < peers; j++) {
          Peer p = r.getPeers(j);
          assertThat(p.getId()).as(ctx).isEqualTo(ids.get(i).getNewPeerIds(j));
          assertThat(p.getStoreId()).as(ctx).isEqualTo(parent.getPeers(j).getStoreId());
          assertThat(p.getRole()).as(ctx).isEqualTo(parent.getPeers(j).getRole());
        }
      }
    }
  }
}
