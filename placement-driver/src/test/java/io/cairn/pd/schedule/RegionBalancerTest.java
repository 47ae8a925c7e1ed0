package io.cairn.pd.schedule;

import static io.cairn.pd.cluster.Fixtures.peer;
import static io.cairn.pd.cluster.Fixtures.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.cluster.StoreHealth;
import io.cairn.pd.cluster.StoreLoad;
import io.cairn.proto.metapb.PeerRole;
import io.cairn.proto.pdpb.PeerStats;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegionBalancerTest {

  private final RegionBalancer balancer =
      new RegionBalancer(3, 2, new LocationIsolation(List.of("zone", "host")));

  private static StoreLoad up(long id, int regions) {
    return new StoreLoad(id, StoreHealth.UP, regions, 0);
  }

  private static StoreLoad inZone(long id, int regions, String zone) {
    return new StoreLoad(id, StoreHealth.UP, regions, 0, Map.of("zone", zone, "host", "h" + id));
  }

  /** Region 100 with peers 11..13 on stores 1..3, led by the peer on store 1. */
  private static RegionInfo region123() {
    return RegionInfo.of(region(100, "", "", 1, peer(11, 1), peer(12, 2), peer(13, 3)))
        .withLeader(peer(11, 1));
  }

  private static Decision.MovePeer move(java.util.Optional<Decision> d) {
    assertThat(d).containsInstanceOf(Decision.MovePeer.class);
    return (Decision.MovePeer) d.orElseThrow();
  }

  @Test
  void movesAFollowerFromTheFullestOfItsStoresToTheEmptiestOther() {
    ClusterView view = ClusterView.of(List.of(up(1, 20), up(2, 20), up(3, 21), up(4, 0),
        up(5, 3)));
    Decision.MovePeer m = move(balancer.check(region123(), view, Set.of()));
    assertThat(m.from()).isEqualTo(peer(13, 3));
    assertThat(m.toStoreId()).isEqualTo(4);
  }

  @Test
  void toleratesADifferenceUpToTheThreshold() {
    ClusterView view = ClusterView.of(List.of(up(1, 10), up(2, 10), up(3, 10), up(4, 8)));
    assertThat(balancer.check(region123(), view, Set.of())).isEmpty();
    ClusterView wider = ClusterView.of(List.of(up(1, 10), up(2, 10), up(3, 10), up(4, 7)));
    assertThat(move(balancer.check(region123(), wider, Set.of())).toStoreId()).isEqualTo(4);
  }

  @Test
  void theLeadersReplicaStays() {
    ClusterView view = ClusterView.of(List.of(up(1, 30), up(2, 5), up(3, 5), up(4, 0)));
    Decision.MovePeer m = move(balancer.check(region123(), view, Set.of()));
    assertThat(m.from().getStoreId()).as("store 1 is fullest but holds the leader")
        .isIn(2L, 3L);
  }

  @Test
  void regionsNotAtRestAreLeftAlone() {
    ClusterView view = ClusterView.of(List.of(up(1, 20), up(2, 20), up(3, 20), up(4, 0)));
    RegionInfo r = region123();
    RegionInfo pending = new RegionInfo(r.meta(), r.leader(), List.of(), List.of(peer(12, 2)),
        0, 0);
    RegionInfo down = new RegionInfo(r.meta(), r.leader(),
        List.of(PeerStats.newBuilder().setPeer(peer(13, 3)).setDownSeconds(5).build()),
        List.of(), 0, 0);
    RegionInfo noLeader = RegionInfo.of(r.meta());
    RegionInfo learner = RegionInfo.of(region(100, "", "", 1, peer(11, 1), peer(12, 2),
        peer(13, 3).toBuilder().setRole(PeerRole.Learner).build())).withLeader(peer(11, 1));
    assertThat(balancer.check(pending, view, Set.of())).isEmpty();
    assertThat(balancer.check(down, view, Set.of())).isEmpty();
    assertThat(balancer.check(noLeader, view, Set.of())).isEmpty();
    assertThat(balancer.check(learner, view, Set.of())).isEmpty();
    ClusterView disconnected = ClusterView.of(List.of(up(1, 20), up(2, 20),
        new StoreLoad(3, StoreHealth.DISCONNECTED, 20, 0), up(4, 0)));
    assertThat(balancer.check(r, disconnected, Set.of())).isEmpty();
    RegionInfo four = RegionInfo.of(region(100, "", "", 1, peer(11, 1), peer(12, 2),
        peer(13, 3), peer(14, 5))).withLeader(peer(11, 1));
    ClusterView five = ClusterView.of(List.of(up(1, 20), up(2, 20), up(3, 20), up(4, 0),
        up(5, 20)));
    assertThat(balancer.check(four, five, Set.of())).as("surplus is the checker's").isEmpty();
  }

  @Test
  void downAndDisconnectedStoresReceiveNothing() {
    ClusterView view = ClusterView.of(List.of(up(1, 20), up(2, 20), up(3, 20),
        new StoreLoad(4, StoreHealth.DOWN, 0, 0),
        new StoreLoad(5, StoreHealth.DISCONNECTED, 0, 0), up(6, 10)));
    assertThat(move(balancer.check(region123(), view, Set.of())).toStoreId()).isEqualTo(6);
  }

  @Test
  void busyStoresNeitherGiveNorTake() {
    ClusterView view = ClusterView.of(List.of(up(1, 20), up(2, 20), up(3, 21), up(4, 0),
        up(5, 1)));
    Decision.MovePeer m = move(balancer.check(region123(), view, Set.of(3L, 4L)));
    assertThat(m.from()).isEqualTo(peer(12, 2));
    assertThat(m.toStoreId()).isEqualTo(5);
    assertThat(balancer.check(region123(), view, Set.of(2L, 3L))).isEmpty();
  }

  @Test
  void neverPutsTwoReplicasInOneZoneWhenTheyAreApart() {
    // zones a, b, c hold the region; store 4 is empty but in zone a with store 1
    ClusterView view = ClusterView.of(List.of(inZone(1, 20, "a"), inZone(2, 20, "b"),
        inZone(3, 20, "c"), inZone(4, 0, "a")));
    assertThat(balancer.check(region123(), view, Set.of())).isEmpty();
    // a fifth store in zone c may take the replica of store 3 (same zone as the one it leaves)
    ClusterView withC = ClusterView.of(List.of(inZone(1, 20, "a"), inZone(2, 20, "b"),
        inZone(3, 20, "c"), inZone(4, 0, "a"), inZone(5, 5, "c")));
    Decision.MovePeer m = move(balancer.check(region123(), withC, Set.of()));
    assertThat(m.from()).isEqualTo(peer(13, 3));
    assertThat(m.toStoreId()).isEqualTo(5);
  }

  @Test
  void aMoveMayImproveIsolation() {
    // stores 2 and 3 share zone b; the empty store 4 in zone c takes one of them
    ClusterView view = ClusterView.of(List.of(inZone(1, 20, "a"), inZone(2, 20, "b"),
        inZone(3, 20, "b"), inZone(4, 0, "c")));
    Decision.MovePeer m = move(balancer.check(region123(), view, Set.of()));
    assertThat(m.from().getStoreId()).isIn(2L, 3L);
    assertThat(m.toStoreId()).isEqualTo(4);
  }

  @Test
  void isolationDistanceFollowsTheLabelHierarchy() {
    LocationIsolation iso = new LocationIsolation(List.of("zone", "host"));
    StoreLoad a1 = new StoreLoad(1, StoreHealth.UP, 0, 0, Map.of("zone", "a", "host", "h1"));
    StoreLoad a1b = new StoreLoad(2, StoreHealth.UP, 0, 0, Map.of("zone", "a", "host", "h1"));
    StoreLoad a2 = new StoreLoad(3, StoreHealth.UP, 0, 0, Map.of("zone", "a", "host", "h2"));
    StoreLoad b1 = new StoreLoad(4, StoreHealth.UP, 0, 0, Map.of("zone", "b", "host", "h1"));
    StoreLoad bare = new StoreLoad(5, StoreHealth.UP, 0, 0);
    assertThat(iso.distance(a1, a1b)).isZero();
    assertThat(iso.distance(a1, a2)).isEqualTo(1);
    assertThat(iso.distance(a1, b1)).as("same host name in another zone").isEqualTo(2);
    assertThat(iso.distance(a1, bare)).isEqualTo(2);
    assertThat(iso.isolation(a1, List.of(b1, a2))).isEqualTo(1);
    assertThat(iso.isolation(a1, List.of())).isEqualTo(2);
    assertThat(LocationIsolation.none().isolation(a1, List.of(a1b))).isZero();
  }
}
