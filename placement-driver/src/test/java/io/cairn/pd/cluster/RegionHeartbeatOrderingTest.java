package io.cairn.pd.cluster;

import static io.cairn.pd.cluster.Fixtures.peer;
import static io.cairn.pd.cluster.Fixtures.region;
import static io.cairn.pd.cluster.Fixtures.store;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.pd.ManualClock;
import io.cairn.pd.storage.MemoryMetaStore;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PD's ordering of region heartbeats: a stale epoch is refused, the same epoch from a lower Raft
 * term is ignored, and a leader change is taken from the higher term.
 */
class RegionHeartbeatOrderingTest {

  private static final Peer P1 = peer(11, 1);
  private static final Peer P2 = peer(12, 2);
  private static final Peer P3 = peer(13, 3);

  private ClusterState cluster;

  @BeforeEach
  void open() {
    cluster = new ClusterState(new MemoryMetaStore(), new ManualClock(1_000_000),
        new HealthPolicy(20_000, 60_000));
    cluster.bootstrap(store(1), region(100, ByteString.EMPTY, ByteString.EMPTY, 1, 1, P1));
    cluster.putStore(store(2));
    cluster.putStore(store(3));
  }

  private static RegionInfo report(long confVer, long version, Peer leader, long term) {
    Region r = region(100, ByteString.EMPTY, ByteString.EMPTY, confVer, version, P1, P2, P3);
    return new RegionInfo(r, leader, List.of(), List.of(), 0, 0, term);
  }

  @Test
  void sameEpochLowerTermIsIgnored() {
    assertThat(cluster.regionHeartbeat(report(3, 1, P2, 7))).isEqualTo(ClusterState.Update.APPLIED);
    // the deposed leader of term 6 reports late
    assertThat(cluster.regionHeartbeat(report(3, 1, P1, 6))).isEqualTo(ClusterState.Update.STALE);
    assertThat(cluster.regionById(100).leader()).isEqualTo(P2);
    assertThat(cluster.regionById(100).term()).isEqualTo(7);
  }

  @Test
  void leaderChangeIsTakenFromTheHigherTerm() {
    cluster.regionHeartbeat(report(3, 1, P1, 4));
    assertThat(cluster.regionHeartbeat(report(3, 1, P3, 5))).isEqualTo(ClusterState.Update.APPLIED);
    assertThat(cluster.regionById(100).leader()).isEqualTo(P3);
    assertThat(cluster.regionHeartbeat(report(3, 1, P3, 5)))
        .isEqualTo(ClusterState.Update.UNCHANGED);
    assertThat(cluster.storeLoads()).filteredOn(l -> l.id() == 3)
        .singleElement().extracting(StoreLoad::leaderCount).isEqualTo(1);
  }

  @Test
  void staleEpochIsRefusedWhateverItsTerm() {
    cluster.regionHeartbeat(report(3, 2, P1, 4));
    assertThat(cluster.regionHeartbeat(report(2, 2, P2, 9))).as("lower conf_ver")
        .isEqualTo(ClusterState.Update.STALE);
    assertThat(cluster.regionHeartbeat(report(3, 1, P2, 9))).as("lower version")
        .isEqualTo(ClusterState.Update.STALE);
    assertThat(cluster.regionById(100).leader()).isEqualTo(P1);
    assertThat(cluster.regionById(100).meta().getRegionEpoch().getVersion()).isEqualTo(2);
  }

  @Test
  void newerEpochWinsEvenFromALowerTerm() {
    // a membership change committed by the new leader may reach PD through a report whose term
    // PD has not seen the end of; the epoch decides
    cluster.regionHeartbeat(report(3, 1, P1, 8));
    assertThat(cluster.regionHeartbeat(report(4, 1, P2, 7))).isEqualTo(ClusterState.Update.APPLIED);
    assertThat(cluster.regionById(100).leader()).isEqualTo(P2);
    assertThat(cluster.regionById(100).meta().getRegionEpoch().getConfVer()).isEqualTo(4);
  }

  @Test
  void unknownTermIsNotCompared() {
    cluster.regionHeartbeat(report(3, 1, P1, 8));
    assertThat(cluster.regionHeartbeat(report(3, 1, P2, 0))).isEqualTo(ClusterState.Update.APPLIED);
    assertThat(cluster.regionById(100).leader()).isEqualTo(P2);
  }

  /**
   * Reports of one region's history (epochs and terms only grow) delivered in a random order:
   * whatever the order, PD ends at the newest epoch, and at that epoch with the leader of the
   * highest term reported.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 20261123})
  void shuffledHistoryEndsAtTheNewestReport(long seed) {
    Random rnd = new Random(seed);
    List<RegionInfo> history = new ArrayList<>();
    long confVer = 3;
    long version = 1;
    long term = 1;
    Peer[] peers = {P1, P2, P3};
    for (int i = 0; i < 30; i++) {
      switch (rnd.nextInt(3)) {
        case 0 -> confVer++;
        case 1 -> version++;
        default -> term++;
      }
      history.add(report(confVer, version, peers[rnd.nextInt(3)], term));
    }
    RegionInfo newest = history.get(history.size() - 1);
    List<RegionInfo> shuffled = new ArrayList<>(history);
    java.util.Collections.shuffle(shuffled, rnd);
    for (RegionInfo r : shuffled) {
      cluster.regionHeartbeat(r);
    }
    RegionInfo known = cluster.regionById(100);
    assertThat(known.meta().getRegionEpoch()).as("seed %d", seed)
        .isEqualTo(newest.meta().getRegionEpoch());
    assertThat(known.term()).as("seed %d", seed).isEqualTo(newest.term());
    assertThat(known.leader()).as("seed %d", seed).isEqualTo(newest.leader());
  }
}
