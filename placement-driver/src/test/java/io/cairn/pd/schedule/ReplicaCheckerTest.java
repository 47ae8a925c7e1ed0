package io.cairn.pd.schedule;

import static io.cairn.pd.cluster.Fixtures.peer;
import static io.cairn.pd.cluster.Fixtures.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.cluster.StoreHealth;
import io.cairn.pd.cluster.StoreLoad;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.pdpb.PeerStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaCheckerTest {

  private final ReplicaChecker checker = new ReplicaChecker(3);

  private static StoreLoad up(long id, int regions) {
    return new StoreLoad(id, StoreHealth.UP, regions, 0);
  }

  private static RegionInfo regionOn(Peer leader, Peer... peers) {
    return RegionInfo.of(region(100, "", "", 1, peers)).withLeader(leader);
  }

  @Test
  void singleStoreClusterWantsOneReplica() {
    ClusterView view = ClusterView.of(List.of(up(1, 1)));
    assertThat(checker.check(regionOn(peer(11, 1), peer(11, 1)), view)).isEmpty();
  }

  @Test
  void addsOnTheLeastLoadedStoreWithoutAPeer() {
    ClusterView view = ClusterView.of(List.of(up(1, 5), up(2, 9), up(3, 4), up(4, 4)));
    var d = checker.check(regionOn(peer(11, 1), peer(11, 1)), view);
    assertThat(d).containsInstanceOf(Decision.AddPeer.class);
    assertThat(((Decision.AddPeer) d.orElseThrow()).storeId()).as("fewest regions, lowest id")
        .isEqualTo(3);
  }

  @Test
  void disconnectedStoresCountAsHealthyAndReceiveNothing() {
    ClusterView view = ClusterView.of(List.of(up(1, 1), up(2, 1),
        new StoreLoad(3, StoreHealth.DISCONNECTED, 0, 0), up(4, 7)));
    RegionInfo r = regionOn(peer(11, 1), peer(11, 1), peer(12, 2), peer(13, 3));
    assertThat(checker.check(r, view)).isEmpty();
    RegionInfo two = regionOn(peer(11, 1), peer(11, 1), peer(12, 2));
    assertThat(checker.check(two, view)).hasValueSatisfying(d ->
        assertThat(((Decision.AddPeer) d).storeId()).isEqualTo(4));
  }

  @Test
  void downStoreIsReplacedFirstThenRemoved() {
    ClusterView view = ClusterView.of(List.of(up(1, 1), up(2, 1),
        new StoreLoad(3, StoreHealth.DOWN, 1, 0), up(4, 0)));
    RegionInfo r = regionOn(peer(11, 1), peer(11, 1), peer(12, 2), peer(13, 3));
    assertThat(checker.check(r, view)).hasValueSatisfying(d ->
        assertThat(((Decision.AddPeer) d).storeId()).isEqualTo(4));
    RegionInfo replaced = regionOn(peer(11, 1), peer(11, 1), peer(12, 2), peer(13, 3),
        peer(14, 4));
    assertThat(checker.check(replaced, view)).hasValueSatisfying(d ->
        assertThat(((Decision.RemovePeer) d).peer()).isEqualTo(peer(13, 3)));
  }

  @Test
  void downStoreWithNoReplacementIsRemovedOnlyWhenEnoughRemain() {
    ClusterView view = ClusterView.of(List.of(up(1, 1), up(2, 1),
        new StoreLoad(3, StoreHealth.DOWN, 1, 0)));
    RegionInfo r = regionOn(peer(11, 1), peer(11, 1), peer(12, 2), peer(13, 3));
    // two up stores: two replicas wanted, both there, the dead one goes
    assertThat(checker.check(r, view)).hasValueSatisfying(d ->
        assertThat(((Decision.RemovePeer) d).peer()).isEqualTo(peer(13, 3)));
  }

  @Test
  void excessReplicasLoseANonLeaderOnTheBusiestStore() {
    ClusterView view = ClusterView.of(List.of(up(1, 9), up(2, 3), up(3, 8), up(4, 1)));
    RegionInfo r = regionOn(peer(11, 1), peer(11, 1), peer(12, 2), peer(13, 3), peer(14, 4));
    assertThat(checker.check(r, view)).hasValueSatisfying(d ->
        assertThat(((Decision.RemovePeer) d).peer()).isEqualTo(peer(13, 3)));
  }

  private static StoreLoad inZone(long id, int regions, String zone) {
    return new StoreLoad(id, StoreHealth.UP, regions, 0, Map.of("zone", zone, "host", "h" + id));
  }

  private static RegionInfo withDown(RegionInfo r, Peer p, long seconds) {
    return new RegionInfo(r.meta(), r.leader(),
        List.of(PeerStats.newBuilder().setPeer(p).setDownSeconds(seconds).build()), List.of(),
        0, 0);
  }

  @Test
  void aPeerDownLongerThanTheLimitIsReplacedThoughItsStoreIsUp() {
    ReplicaChecker limited = new ReplicaChecker(3, 60_000, LocationIsolation.none());
    ClusterView view = ClusterView.of(List.of(up(1, 1), up(2, 1), up(3, 1), up(4, 0)));
    RegionInfo r = regionOn(peer(11, 1), peer(11, 1), peer(12, 2), peer(13, 3));
    assertThat(limited.check(withDown(r, peer(13, 3), 59), view)).as("not yet").isEmpty();
    assertThat(limited.check(withDown(r, peer(13, 3), 60), view)).hasValueSatisfying(d ->
        assertThat(((Decision.AddPeer) d).storeId()).isEqualTo(4));
    RegionInfo replaced = regionOn(peer(11, 1), peer(11, 1), peer(12, 2), peer(13, 3),
        peer(14, 4));
    assertThat(limited.check(withDown(replaced, peer(13, 3), 61), view))
        .hasValueSatisfying(d -> {
          assertThat(((Decision.RemovePeer) d).peer()).isEqualTo(peer(13, 3));
          assertThat(d.reason()).contains("down for 61 s");
        });
  }

  @Test
  void aDownPeerWithNowhereToGoStays() {
    ReplicaChecker limited = new ReplicaChecker(3, 60_000, LocationIsolation.none());
    ClusterView view = ClusterView.of(List.of(up(1, 1), up(2, 1), up(3, 1)));
    RegionInfo r = regionOn(peer(11, 1), peer(11, 1), peer(12, 2), peer(13, 3));
    assertThat(limited.check(withDown(r, peer(13, 3), 600), view)).isEmpty();
  }

  @Test
  void repairPrefersAStoreInAZoneTheRegionLacks() {
    ReplicaChecker zoned = new ReplicaChecker(3, 60_000,
        new LocationIsolation(List.of("zone", "host")));
    ClusterView view = ClusterView.of(List.of(inZone(1, 5, "a"), inZone(2, 5, "b"),
        inZone(3, 0, "a"), inZone(4, 9, "c"), inZone(5, 1, "b")));
    RegionInfo r = regionOn(peer(11, 1), peer(11, 1), peer(12, 2));
    assertThat(zoned.check(r, view)).as("store 3 is emptiest, but zone c is missing")
        .hasValueSatisfying(d -> assertThat(((Decision.AddPeer) d).storeId()).isEqualTo(4));
  }

  @Test
  void surplusRemovalTakesTheReplicaSharingAZone() {
    ReplicaChecker zoned = new ReplicaChecker(3, 60_000,
        new LocationIsolation(List.of("zone", "host")));
    ClusterView view = ClusterView.of(List.of(inZone(1, 5, "a"), inZone(2, 1, "b"),
        inZone(3, 9, "c"), inZone(4, 2, "b")));
    RegionInfo r = regionOn(peer(11, 1), peer(11, 1), peer(12, 2), peer(13, 3), peer(14, 4));
    assertThat(zoned.check(r, view)).as("store 3 is busiest but alone in zone c")
        .hasValueSatisfying(d ->
            assertThat(((Decision.RemovePeer) d).peer().getStoreId()).isIn(2L, 4L));
  }
}
