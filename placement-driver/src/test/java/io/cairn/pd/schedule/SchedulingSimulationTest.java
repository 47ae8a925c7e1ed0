package io.cairn.pd.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.pd.ManualClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.PlacementDriver;
import io.cairn.pd.cluster.Fixtures;
import io.cairn.pd.cluster.RegionInfo;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.pdpb.StoreStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PD core against a simulated cluster whose nodes carry out every command at once: a
 * bootstrapped single-replica cluster grows to three replicas per region with balanced
 * leaders when stores join, and is repaired when a store dies for good.
 */
class SchedulingSimulationTest {

  private static final int REGIONS = 12;

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final Map<Long, Region> regions = new HashMap<>();
  private final Map<Long, Peer> leaders = new HashMap<>();
  private final Set<Long> live = new HashSet<>();
  private PlacementDriver pd;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 20261122})
  void growsToThreeReplicasBalancesLeadersAndRepairsADeadStore(long seed) {
    Random rnd = new Random(seed);
    PdConfig config = PdConfig.defaults().withMaxReplicas(3)
        .withStoreTimes(Duration.ofSeconds(10), Duration.ofSeconds(60))
        .withLeaderBalanceThreshold(2);
    try (PlacementDriver driver = PlacementDriver.open(config, clock)) {
      pd = driver;
      bootstrapWithSplits();
      for (long s = 2; s <= 4; s++) {
        pd.cluster().putStore(Fixtures.store(s));
        live.add(s);
      }
      runUntilSettled(rnd, seed, "growth");
      assertReplicatedOn(live, seed);

      // store 2 dies for good; once it is down, its peers move to the three survivors
      live.remove(2L);
      runUntilSettled(rnd, seed, "repair");
      assertReplicatedOn(live, seed);
      for (Region r : regions.values()) {
        assertThat(r.getPeersList()).as("seed %d region %d", seed, r.getId())
            .noneMatch(p -> p.getStoreId() == 2);
      }
    }
  }

  private void bootstrapWithSplits() {
    long store = 1;
    live.add(store);
    Region whole = Fixtures.region(pd.ids().allocate(), ByteString.EMPTY, ByteString.EMPTY, 1, 1,
        Fixtures.peer(pd.ids().allocate(), store));
    pd.cluster().bootstrap(Fixtures.store(store), whole);
    List<Region> parts = new ArrayList<>();
    for (int i = 0; i < REGIONS; i++) {
      ByteString start = i == 0 ? ByteString.EMPTY : ByteString.copyFromUtf8("k" + (char) ('a' + i));
      ByteString end = i == REGIONS - 1 ? ByteString.EMPTY
          : ByteString.copyFromUtf8("k" + (char) ('a' + i + 1));
      long id = i == REGIONS - 1 ? whole.getId() : pd.ids().allocate();
      Peer p = i == REGIONS - 1 ? whole.getPeers(0) : Fixtures.peer(pd.ids().allocate(), store);
      parts.add(Fixtures.region(id, start, end, 1, 2, p));
    }
    pd.cluster().reportSplit(parts);
    for (Region r : parts) {
      regions.put(r.getId(), r);
      leaders.put(r.getId(), r.getPeers(0));
    }
  }

  /** Ticks one simulated second at a time until no command is issued for a while. */
  private void runUntilSettled(Random rnd, long seed, String phase) {
    int quiet = 0;
    for (int tick = 0; tick < 2000; tick++) {
      clock.advance(1000);
      for (long s : live) {
        pd.cluster().storeHeartbeat(StoreStats.newBuilder().setStoreId(s).build());
      }
      List<Long> ids = new ArrayList<>(regions.keySet());
      Collections.shuffle(ids, rnd);
      boolean issued = false;
      for (long id : ids) {
        electIfLeaderDead(id);
        Region r = regions.get(id);
        RegionInfo info = new RegionInfo(r, leaders.get(id), List.of(), List.of(), 0, 0);
        pd.cluster().regionHeartbeat(info);
        var op = pd.operators().onHeartbeat(info,
            ClusterView.of(pd.cluster().storeLoads()), clock.millis());
        if (op.isPresent()) {
          issued = true;
          apply(id, op.get());
        }
      }
      quiet = issued ? 0 : quiet + 1;
      if (quiet >= 90) {
        return;
      }
    }
    throw new AssertionError("seed " + seed + ": " + phase + " did not settle");
  }

  /** Raft elects a new leader among live peers when the leader's store is gone. */
  private void electIfLeaderDead(long id) {
    if (live.contains(leaders.get(id).getStoreId())) {
      return;
    }
    Region r = regions.get(id);
    Peer next = r.getPeersList().stream().filter(p -> live.contains(p.getStoreId()))
        .findFirst().orElseThrow(() -> new AssertionError("region " + id + " lost quorum"));
    leaders.put(id, next);
  }

  private void apply(long id, Operator op) {
    Region r = regions.get(id);
    RegionEpoch e = r.getRegionEpoch();
    switch (op.kind()) {
      case ADD_PEER -> {
        if (live.contains(op.peer().getStoreId())) {
          regions.put(id, r.toBuilder().addPeers(op.peer())
              .setRegionEpoch(e.toBuilder().setConfVer(e.getConfVer() + 1)).build());
        }
      }
      case REMOVE_PEER -> {
        List<Peer> rest = r.getPeersList().stream()
            .filter(p -> p.getId() != op.peer().getId()).toList();
        regions.put(id, r.toBuilder().clearPeers().addAllPeers(rest)
            .setRegionEpoch(e.toBuilder().setConfVer(e.getConfVer() + 1)).build());
      }
      case TRANSFER_LEADER -> leaders.put(id, op.peer());
    }
  }

  private void assertReplicatedOn(Set<Long> stores, long seed) {
    Map<Long, Integer> leaderCount = new HashMap<>();
    for (long s : stores) {
      leaderCount.put(s, 0);
    }
    for (Region r : regions.values()) {
      assertThat(r.getPeersList()).as("seed %d region %d", seed, r.getId()).hasSize(3)
          .allMatch(p -> stores.contains(p.getStoreId()));
      assertThat(r.getPeersList().stream().map(Peer::getStoreId).distinct().count())
          .as("one peer per store").isEqualTo(3);
      assertThat(pd.cluster().regionById(r.getId()).meta()).isEqualTo(r);
      leaderCount.merge(leaders.get(r.getId()).getStoreId(), 1, Integer::sum);
    }
    int most = Collections.max(leaderCount.values());
    int fewest = Collections.min(leaderCount.values());
    assertThat(most - fewest).as("seed %d leaders per store %s", seed, leaderCount)
        .isLessThanOrEqualTo(2);
  }
}
