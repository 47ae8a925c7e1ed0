package io.cairn.pd.schedule;

import static io.cairn.pd.cluster.Fixtures.peer;
import static io.cairn.pd.cluster.Fixtures.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.cluster.StoreHealth;
import io.cairn.pd.cluster.StoreLoad;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderBalancerTest {

  private final LeaderBalancer balancer = new LeaderBalancer(2);
  private final RegionInfo region = RegionInfo.of(region(100, "", "", 1, peer(11, 1),
      peer(12, 2), peer(13, 3))).withLeader(peer(11, 1));

  private static StoreLoad leaders(long id, int n) {
    return new StoreLoad(id, StoreHealth.UP, 10, n);
  }

  @Test
  void movesFromTheBusiestStoreToTheFollowerWithFewest() {
    ClusterView view = ClusterView.of(List.of(leaders(1, 10), leaders(2, 7), leaders(3, 4)));
    assertThat(balancer.check(region, view)).hasValueSatisfying(d ->
        assertThat(((Decision.TransferLeader) d).target()).isEqualTo(peer(13, 3)));
  }

  @Test
  void toleratesADifferenceUpToTheThreshold() {
    ClusterView view = ClusterView.of(List.of(leaders(1, 6), leaders(2, 4), leaders(3, 4)));
    assertThat(balancer.check(region, view)).isEmpty();
  }

  @Test
  void onlyTheStoreWithMostLeadersGivesThemAway() {
    ClusterView view = ClusterView.of(List.of(leaders(1, 8), leaders(2, 0), leaders(3, 0),
        leaders(4, 9)));
    assertThat(balancer.check(region, view)).isEmpty();
  }

  @Test
  void skipsPendingAndUnhealthyFollowers() {
    ClusterView view = ClusterView.of(List.of(leaders(1, 10), leaders(2, 0),
        new StoreLoad(3, StoreHealth.DISCONNECTED, 1, 0)));
    RegionInfo pending = new RegionInfo(region.meta(), region.leader(), List.of(),
        List.of(peer(12, 2)), 0, 0);
    assertThat(balancer.check(pending, view)).isEmpty();
    assertThat(balancer.check(region, view)).hasValueSatisfying(d ->
        assertThat(((Decision.TransferLeader) d).target()).isEqualTo(peer(12, 2)));
  }
}
