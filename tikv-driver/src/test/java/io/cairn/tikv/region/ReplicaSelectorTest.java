package io.cairn.tikv.region;

import static io.cairn.tikv.testing.Regions.key;
import static io.cairn.tikv.testing.Regions.peer;
import static io.cairn.tikv.testing.Regions.region;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.tikv.config.ReplicaReadMode;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.testing.ManualClock;
import io.cairn.tikv.testing.ModelPd;
import io.cairn.tikv.testing.RecordingSleeper;
import io.cairn.tikv.testing.Regions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicaSelectorTest {

  private final ModelPd pd = new ModelPd();
  private final ManualClock clock = new ManualClock();
  private RegionCache cache;
  private CachedRegion region;

  @BeforeEach
  void setUp() {
    for (long s = 1; s <= 3; s++) {
      pd.putStore(Regions.store(s, "store-" + s, Map.of("zone", "z" + s, "host", "h" + s)));
    }
    pd.putStore(Regions.store(4, "store-4", Map.of("zone", "z2", "host", "h4")));
    pd.setRegions(List.of(region(1, "", "", 1, 1, 1, 2, 3)));
    pd.setLeader(1, peer(1, 1));
    TikvClientConfig config = TikvClientConfig.defaults().withLocalLabels(Map.of("zone", "z2")).withBreaker(2, Duration.ofSeconds(10));
    cache = new RegionCache(pd, config, new StoreHealth(2, Duration.ofSeconds(10), clock), clock, new Random(3));
    region = cache.locateKey(key("a"), new Backoffer(1000, new RecordingSleeper(), new Random(3)));
  }

  private long storeOf(ReplicaSelector s) {
    return s.next().orElseThrow().storeId();
  }

  @Test
  void leaderReadsAndWritesGoToTheLeader() {
    for (int i = 0; i < 5; i++) {
      ReplicaSelector.Target t = cache.selector(region, Access.READ, ReplicaReadMode.LEADER, false).next().orElseThrow();
      assertThat(t.storeId()).isEqualTo(1);
      assertThat(t.replicaRead()).isFalse();
      assertThat(t.staleRead()).isFalse();
      assertThat(storeOf(cache.selector(region, Access.WRITE, ReplicaReadMode.FOLLOWER, false))).as("writes ignore the read mode").isEqualTo(1);
    }
  }

  @Test
  void followerReadsRoundRobinOverTheFollowers() {
    List<Long> stores = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ReplicaSelector.Target t = cache.selector(region, Access.READ, ReplicaReadMode.FOLLOWER, false).next().orElseThrow();
      assertThat(t.replicaRead()).isTrue();
      stores.add(t.storeId());
    }
    assertThat(stores).containsOnly(2L, 3L);
    assertThat(stores.stream().filter(s -> s == 2).count()).isEqualTo(3);
  }

  @Test
  void leaderAndFollowerSpreadsOverAllReplicas() {
    List<Long> stores = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      stores.add(storeOf(cache.selector(region, Access.READ, ReplicaReadMode.LEADER_AND_FOLLOWER, false)));
    }
    assertThat(stores).containsOnly(1L, 2L, 3L);
    assertThat(stores.stream().distinct().count()).isEqualTo(3);
  }

  @Test
  void closestReplicaMatchesTheLocalLabels() {
    for (int i = 0; i < 4; i++) {
      assertThat(storeOf(cache.selector(region, Access.READ, ReplicaReadMode.CLOSEST_REPLICAS, false))).isEqualTo(2);
    }
  }

  @Test
  void staleReadsPreferTheLocalReplicaAndFallBackToTheLeader() {
    ReplicaSelector s = cache.selector(region, Access.READ, ReplicaReadMode.LEADER, true);
    ReplicaSelector.Target t = s.next().orElseThrow();
    assertThat(t.storeId()).isEqualTo(2);
    assertThat(t.staleRead()).isTrue();
    assertThat(t.replicaRead()).isFalse();
    s.fallBackToLeader();
    ReplicaSelector.Target leader = s.next().orElseThrow();
    assertThat(leader.storeId()).isEqualTo(1);
    assertThat(leader.staleRead()).isFalse();
    assertThatThrownBy(() -> cache.selector(region, Access.WRITE, ReplicaReadMode.LEADER, true)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFailedReplicaIsSkippedAndUnhealthyStoresComeLast() {
    ReplicaSelector s = cache.selector(region, Access.READ, ReplicaReadMode.LEADER, false);
    ReplicaSelector.Target first = s.next().orElseThrow();
    s.onSendFailure(first);
    long second = storeOf(s);
    assertThat(second).isIn(2L, 3L);
    // A new request still prefers the healthy replicas, the leader's store being marked.
    ReplicaSelector fresh = cache.selector(region, Access.READ, ReplicaReadMode.LEADER_AND_FOLLOWER, false);
    for (int i = 0; i < 3; i++) {
      assertThat(storeOf(cache.selector(region, Access.READ, ReplicaReadMode.LEADER_AND_FOLLOWER, false))).isNotEqualTo(1);
    }
    assertThat(fresh.hadFailures()).isFalse();
  }

  @Test
  void anUnhealthyLeaderIsStillUsedWhenNoOtherReplicaIsUsable() {
    ReplicaSelector s = cache.selector(region, Access.READ, ReplicaReadMode.LEADER, false);
    s.onSendFailure(s.next().orElseThrow());
    s.onSendFailure(s.next().orElseThrow());
    s.onSendFailure(s.next().orElseThrow());
    assertThat(s.next()).as("every replica failed in this request").isEmpty();
    assertThat(s.hadFailures()).isTrue();
    cache.health().recordSuccess(2);
    cache.health().recordSuccess(3);
    s.resetFailures();
    // store 1 is unhealthy but its breaker (threshold 2) is still closed; healthy ones win.
    assertThat(storeOf(s)).isIn(2L, 3L);
  }

  @Test
  void anIsolatedStoreGetsNoRequestUntilItsBreakerHalfOpens() {
    cache.health().recordFailure(1);
    cache.health().recordFailure(1);
    cache.health().recordFailure(2);
    cache.health().recordFailure(2);
    cache.health().recordFailure(3);
    cache.health().recordFailure(3);
    assertThat(cache.selector(region, Access.WRITE, ReplicaReadMode.LEADER, false).next()).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(storeOf(cache.selector(region, Access.WRITE, ReplicaReadMode.LEADER, false))).isEqualTo(1);
  }

  @Test
  void notLeaderSwitchesTheTargetAndDropsReplicaReadMode() {
    ReplicaSelector s = cache.selector(region, Access.READ, ReplicaReadMode.FOLLOWER, false);
    s.next().orElseThrow();
    assertThat(s.onNotLeader(peer(1, 3))).isTrue();
    ReplicaSelector.Target t = s.next().orElseThrow();
    assertThat(t.storeId()).isEqualTo(3);
    assertThat(t.replicaRead()).isFalse();
    assertThat(cache.cached(1).orElseThrow().leader()).isEqualTo(peer(1, 3));
  }

  @Test
  void learnersAreNotUsedToFindALeader() {
    pd.setRegions(List.of(region(1, "", "", 1, 2, 1, 2).toBuilder().addPeers(Regions.learner(1, 3)).build()));
    clock.advance(Duration.ofSeconds(700));
    CachedRegion r = cache.locateKey(key("a"), new Backoffer(1000, new RecordingSleeper(), new Random(3)));
    ReplicaSelector s = cache.selector(r, Access.WRITE, ReplicaReadMode.LEADER, false);
    s.onSendFailure(s.next().orElseThrow());
    s.onSendFailure(s.next().orElseThrow());
    assertThat(s.next()).isEmpty();
  }

  @Test
  void aRegionThatLeftTheCacheIsReported() {
    ReplicaSelector s = cache.selector(region, Access.READ, ReplicaReadMode.LEADER, false);
    cache.invalidate(region.verId(), InvalidReason.REGION_NOT_FOUND);
    assertThat(s.next()).isEmpty();
    assertThat(s.regionGone()).isTrue();
  }
}
