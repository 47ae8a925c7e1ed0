package io.cairn.pd.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.pd.ManualClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.PlacementDriver;
import io.cairn.pd.ScheduleConfig;
import io.cairn.pd.cluster.Fixtures;
import io.cairn.pd.cluster.RegionInfo;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.metapb.StoreLabel;
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
 * PD's region balance against a model cluster of three stores holding every region, to which a
 * fourth, empty store is added. The model carries out commands a tick later and reports an
 * added peer pending for a few ticks (it is receiving its snapshot), so moves go through every
 * step. Seeded: the seed shuffles heartbeat order and snapshot times.
 */
class RegionBalanceSimulationTest {

  private static final int REGIONS = 40;

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final Map<Long, Region> regions = new HashMap<>();
  private final Map<Long, Peer> leaders = new HashMap<>();
  /** Peer id → tick at which it has caught up. */
  private final Map<Long, Integer> catchUp = new HashMap<>();
  private final Map<Long, String> zones = new HashMap<>();
  private PlacementDriver pd;
  private int maxInFlight;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 20261123})
  void aFourthStoreReceivesAQuarterOfTheReplicas(long seed) {
    run(seed, Map.of());
    Map<Long, Integer> counts = replicaCounts();
    int most = Collections.max(counts.values());
    int fewest = Collections.min(counts.values());
    assertThat(most - fewest).as("seed %d replicas per store %s", seed, counts)
        .isLessThanOrEqualTo(2);
    assertThat(counts.get(4L)).as("seed %d: about 3N/4 = %d", seed, 3 * REGIONS / 4)
        .isBetween(3 * REGIONS / 4 - 2, 3 * REGIONS / 4 + 2);
    assertThat(maxInFlight).as("seed %d region-schedule-limit", seed).isLessThanOrEqualTo(4);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void zonesStayDistinctWhileBalancing(long seed) {
    // the new store shares zone a with store 1: it may only take store 1's replicas
    run(seed, Map.of(1L, "a", 2L, "b", 3L, "c", 4L, "a"));
    Map<Long, Integer> counts = replicaCounts();
    assertThat(counts.get(2L)).as("seed %d %s", seed, counts).isEqualTo(REGIONS);
    assertThat(counts.get(3L)).as("seed %d %s", seed, counts).isEqualTo(REGIONS);
    assertThat(Math.abs(counts.get(1L) - counts.get(4L))).as("seed %d %s", seed, counts)
        .isLessThanOrEqualTo(2);
  }

  private void run(long seed, Map<Long, String> zoneOf) {
    zones.putAll(zoneOf);
    Random rnd = new Random(seed);
    PdConfig config = PdConfig.defaults().withMaxReplicas(3)
        .withStoreTimes(Duration.ofSeconds(10), Duration.ofSeconds(60))
        .withSchedule(ScheduleConfig.defaults().withLimits(4, 2));
    try (PlacementDriver driver = PlacementDriver.open(config, clock)) {
      pd = driver;
      bootstrapThreeStores();
      pd.cluster().putStore(store(4));
      settle(rnd, seed);
      for (Region r : regions.values()) {
        List<Long> stores = r.getPeersList().stream().map(Peer::getStoreId).toList();
        assertThat(stores).as("seed %d region %d", seed, r.getId()).hasSize(3)
            .doesNotHaveDuplicates();
        assertThat(pd.cluster().regionById(r.getId()).meta()).isEqualTo(r);
      }
    }
  }

  private Store store(long id) {
    Store.Builder b = Fixtures.store(id).toBuilder();
    String zone = zones.get(id);
    if (zone != null) {
      b.addLabels(StoreLabel.newBuilder().setKey("zone").setValue(zone))
          .addLabels(StoreLabel.newBuilder().setKey("host").setValue("h" + id));
    }
    return b.build();
  }

  private void bootstrapThreeStores() {
    Region whole = Fixtures.region(pd.ids().allocate(), ByteString.EMPTY, ByteString.EMPTY, 1, 1,
        Fixtures.peer(pd.ids().allocate(), 1));
    pd.cluster().bootstrap(store(1), whole);
    pd.cluster().putStore(store(2));
    pd.cluster().putStore(store(3));
    List<Region> parts = new ArrayList<>();
    for (int i = 0; i < REGIONS; i++) {
      ByteString start = i == 0 ? ByteString.EMPTY : ByteString.copyFromUtf8(String.format("k%03d", i));
      ByteString end = i == REGIONS - 1 ? ByteString.EMPTY
          : ByteString.copyFromUtf8(String.format("k%03d", i + 1));
      long id = i == REGIONS - 1 ? whole.getId() : pd.ids().allocate();
      Peer first = i == REGIONS - 1 ? whole.getPeers(0) : Fixtures.peer(pd.ids().allocate(), 1);
      parts.add(Fixtures.region(id, start, end, 3, 2, first,
          Fixtures.peer(pd.ids().allocate(), 2), Fixtures.peer(pd.ids().allocate(), 3)));
    }
    pd.cluster().reportSplit(parts);
    for (Region r : parts) {
      regions.put(r.getId(), r);
      // leaders spread evenly so leader balance stays quiet
      leaders.put(r.getId(), r.getPeers((int) (r.getId() % 3)));
    }
  }

  private void settle(Random rnd, long seed) {
    int quiet = 0;
    for (int tick = 0; tick < 3000; tick++) {
      clock.advance(1000);
      for (long s = 1; s <= 4; s++) {
        pd.cluster().storeHeartbeat(StoreStats.newBuilder().setStoreId(s).build());
      }
      List<Long> ids = new ArrayList<>(regions.keySet());
      Collections.shuffle(ids, rnd);
      boolean busy = false;
      for (long id : ids) {
        Region r = regions.get(id);
        List<Peer> pending = new ArrayList<>();
        for (Peer p : r.getPeersList()) {
          if (catchUp.getOrDefault(p.getId(), 0) > tick) {
            pending.add(p);
          }
        }
        RegionInfo info = new RegionInfo(r, leaders.get(id), List.of(), pending, 0, 0);
        pd.cluster().regionHeartbeat(info);
        var op = pd.operators().onHeartbeat(info,
            ClusterView.of(pd.cluster().storeLoads()), clock.millis());
        if (op.isPresent()) {
          busy = true;
          apply(id, op.get(), tick, rnd);
        }
        busy |= !pending.isEmpty();
      }
      long moves = pd.operators().all().stream()
          .filter(o -> o.origin() == Operator.Origin.BALANCE_REGION).count();
      maxInFlight = (int) Math.max(maxInFlight, moves);
      assertIsolated(seed);
      quiet = busy ? 0 : quiet + 1;
      if (quiet >= 30) {
        return;
      }
    }
    throw new AssertionError("seed " + seed + ": balance did not settle: " + replicaCounts());
  }

  private void apply(long id, Operator op, int tick, Random rnd) {
    Region r = regions.get(id);
    RegionEpoch e = r.getRegionEpoch();
    switch (op.kind()) {
      case ADD_PEER -> {
        if (r.getPeersList().stream().noneMatch(p -> p.getStoreId() == op.peer().getStoreId())) {
          regions.put(id, r.toBuilder().addPeers(op.peer())
              .setRegionEpoch(e.toBuilder().setConfVer(e.getConfVer() + 1)).build());
          catchUp.put(op.peer().getId(), tick + 1 + rnd.nextInt(4));
        }
      }
      case REMOVE_PEER -> {
        assertThat(op.peer()).as("the leader is never removed").isNotEqualTo(leaders.get(id));
        List<Peer> rest = r.getPeersList().stream()
            .filter(p -> p.getId() != op.peer().getId()).toList();
        assertThat(rest.size()).as("region %d never drops below 3 replicas", id)
            .isGreaterThanOrEqualTo(3);
        regions.put(id, r.toBuilder().clearPeers().addAllPeers(rest)
            .setRegionEpoch(e.toBuilder().setConfVer(e.getConfVer() + 1)).build());
      }
      case TRANSFER_LEADER -> leaders.put(id, op.peer());
    }
  }

  /**
   * With zones configured, no region at rest (three replicas; a move briefly has four) has two
   * replicas in one zone.
   */
  private void assertIsolated(long seed) {
    if (zones.isEmpty()) {
      return;
    }
    for (Region r : regions.values()) {
      if (r.getPeersCount() > 3) {
        continue;
      }
      Set<String> seen = new HashSet<>();
      for (Peer p : r.getPeersList()) {
        assertThat(seen.add(zones.get(p.getStoreId())))
            .as("seed %d region %s: two replicas in zone %s", seed, r.getId(),
                zones.get(p.getStoreId()))
            .isTrue();
      }
    }
  }

  private Map<Long, Integer> replicaCounts() {
    Map<Long, Integer> counts = new HashMap<>();
    for (long s = 1; s <= 4; s++) {
      counts.put(s, 0);
    }
    for (Region r : regions.values()) {
      for (Peer p : r.getPeersList()) {
        counts.merge(p.getStoreId(), 1, Integer::sum);
      }
    }
    return counts;
  }
}
