package io.cairn.storage.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.pd.PdConfig;
import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.cluster.StoreHealth;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.pdpb.PeerStats;
import io.cairn.storage.raft.RaftRegionEngine;
import io.cairn.storage.region.RegionMeta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PD's region balance and down-peer repair on real Raft in one JVM: a fourth store added to a
 * three-store cluster receives replicas until the stores' counts are within 2 of each other,
 * and a follower whose replica is gone while its store stays up is reported down by its leader
 * and replaced. Slow: tens of seconds of Raft traffic.
 */
@Tag("slow")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RegionBalanceClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  @Test
  void aFourthStoreReceivesReplicasUntilCountsAreEven() {
    PdConfig pd = PdConfig.defaults().withMaxReplicas(3)
        .withStoreTimes(Duration.ofSeconds(5), Duration.ofMinutes(5));
    try (RaftCluster cluster = new RaftCluster(dir, pd)) {
      StorageNode n1 = cluster.startWithTwelveRegions("n1", WAIT);
      RaftCluster.await("twelve regions", WAIT, () -> n1.regions().regions().size() == 12);
      cluster.start("n2", b -> b);
      cluster.start("n3", b -> b);
      RaftCluster.await("three replicas of twelve regions on n1..n3", WAIT,
          () -> cluster.nodes().values().stream().allMatch(n -> n.regions().regions().size() == 12)
              && pdRegions(cluster).stream().allMatch(r -> r.meta().getPeersCount() == 3));
      for (char c = 'a'; c <= 'l'; c++) {
        cluster.put(c + "-key", "value-" + c, WAIT);
      }

      long start = System.nanoTime();
      StorageNode n4 = cluster.start("n4", b -> b);
      RaftCluster.await("replica counts within 2 of each other, every region settled", WAIT,
          () -> settled(cluster) && spread(replicaCounts(cluster)) <= 2
              && replicaCounts(cluster).getOrDefault(n4.storeId(), 0) > 0);
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<Long, Integer> counts = replicaCounts(cluster);
      System.out.printf("REGION BALANCE: 12 regions x 3 replicas, a 4th store went from 0 to %d"
          + " replicas (stores %s) in %.1f s%n", counts.get(n4.storeId()), counts.values(),
          seconds);
      assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(36);
      for (RegionInfo r : pdRegions(cluster)) {
        assertThat(r.meta().getPeersList().stream().map(Peer::getStoreId).distinct().count())
            .as("region %d: one replica per store", r.id()).isEqualTo(3);
      }
      for (char c = 'a'; c <= 'l'; c++) {
        assertThat(cluster.get(c + "-key", WAIT)).isEqualTo("value-" + c);
      }
    }
  }

  @Test
  void aStuckFollowerIsReportedDownAndReplacedThoughItsStoreIsUp() {
    // a peer reported down for 3 s is replaced, as is a store silent for 3 s
    PdConfig pd = PdConfig.defaults().withMaxReplicas(3)
        .withStoreTimes(Duration.ofSeconds(1), Duration.ofSeconds(3));
    PeerHealth health = new PeerHealth(Duration.ofSeconds(1), 1000);
    try (RaftCluster cluster = new RaftCluster(dir, pd)) {
      StorageNode n1 = cluster.start("n1", b -> b.peerHealth(health));
      long region = n1.regions().regions().get(0).id();
      RaftCluster.await("n1 leads", WAIT, () -> RaftCluster.leads(n1, region));
      cluster.start("n2", b -> b.peerHealth(health));
      cluster.start("n3", b -> b.peerHealth(health));
      RaftCluster.await("three healthy replicas", WAIT, () -> {
        RegionInfo r = cluster.pd().driver().cluster().regionById(region);
        return r.meta().getPeersCount() == 3 && r.leader() != null && !r.hasLaggingPeers();
      });
      cluster.put("stuck-key", "stuck-value", WAIT);
      StorageNode n4 = cluster.start("n4", b -> b.peerHealth(health));

      RegionInfo before = cluster.pd().driver().cluster().regionById(region);
      Peer stuck = before.meta().getPeersList().stream()
          .filter(p -> p.getStoreId() != before.leaderStoreId()).findFirst().orElseThrow();
      StorageNode stuckNode = cluster.nodes().get(stuck.getStoreId());
      long start = System.nanoTime();
      // the replica's Raft group goes away; its store keeps heartbeating
      ((RaftRegionEngine) stuckNode.regionEngine()).raftStore().removeRegion(region).join();
      RaftCluster.await("the leader reports the stuck follower down", WAIT, () -> {
        RegionInfo r = cluster.pd().driver().cluster().regionById(region);
        return r.downPeers().stream().map(PeerStats::getPeer).anyMatch(stuck::equals);
      });
      double reported = (System.nanoTime() - start) / 1e9;
      assertThat(cluster.pd().driver().cluster().storeHealth().get(stuck.getStoreId()))
          .as("the stuck replica's store is up").isEqualTo(StoreHealth.UP);
      RaftCluster.await("the stuck peer replaced on n4", WAIT, () -> {
        RegionInfo r = cluster.pd().driver().cluster().regionById(region);
        Set<Long> stores = r.meta().getPeersList().stream().map(Peer::getStoreId)
            .collect(Collectors.toSet());
        return r.meta().getPeersCount() == 3 && !stores.contains(stuck.getStoreId())
            && stores.contains(n4.storeId()) && !r.hasLaggingPeers();
      });
      double replaced = (System.nanoTime() - start) / 1e9;
      System.out.printf("STUCK FOLLOWER: reported down after %.1f s, replaced after %.1f s"
          + " (peer down threshold 1 s, max-store-down-time 3 s)%n", reported, replaced);
      assertThat(cluster.get("stuck-key", WAIT)).isEqualTo("stuck-value");
    }
  }

  /** PD and every store agree on each region's replicas, none lagging, no operator running. */
  private static boolean settled(RaftCluster cluster) {
    if (!cluster.pd().driver().operators().all().isEmpty()) {
      return false;
    }
    for (RegionInfo r : pdRegions(cluster)) {
      if (r.meta().getPeersCount() != 3 || r.leader() == null || r.hasLaggingPeers()) {
        return false;
      }
      for (Peer p : r.meta().getPeersList()) {
        StorageNode n = cluster.nodes().get(p.getStoreId());
        RegionMeta m = n == null ? null : n.regions().get(r.id());
        if (m == null || m.epoch().confVer() != r.meta().getRegionEpoch().getConfVer()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Replicas per store, as PD knows them. */
  private static Map<Long, Integer> replicaCounts(RaftCluster cluster) {
    Map<Long, Integer> out = new HashMap<>();
    for (long s : cluster.nodes().keySet()) {
      out.put(s, 0);
    }
    for (RegionInfo r : pdRegions(cluster)) {
      for (Peer p : r.meta().getPeersList()) {
        out.merge(p.getStoreId(), 1, Integer::sum);
      }
    }
    return out;
  }

  private static int spread(Map<Long, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0)
        - counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
  }

  private static List<RegionInfo> pdRegions(RaftCluster cluster) {
    return cluster.pd().driver().cluster().scanRegions(ByteString.EMPTY, ByteString.EMPTY, 0);
  }
}
