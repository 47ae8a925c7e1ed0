package io.cairn.tikv.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.Key;
import io.cairn.kv.Snapshot;
import io.cairn.kv.SnapshotOptions;
import io.cairn.kv.Transaction;
import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.server.PdServer;
import io.cairn.storage.node.EngineKind;
import io.cairn.storage.node.NodeConfig;
import io.cairn.storage.node.StorageNode;
import io.cairn.storage.pd.HeartbeatConfig;
import io.cairn.storage.raft.FollowerReads;
import io.cairn.storage.region.RegionRegistry;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.txn.TikvStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver against three real nodes on Raft (RocksDB, in-process gRPC, a real PD): with
 * {@code tidb_replica_read=follower}, and with stale reads, the nodes' followers answer reads,
 * as their own counts show, and the reads see what was committed.
 */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FollowerReadsEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final HeartbeatConfig FAST = new HeartbeatConfig(Duration.ofMillis(200),
      Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(500));

  @TempDir Path dir;

  @Test
  void followersAnswerReplicaAndStaleReadsOfTheDriver() {
    String prefix = "cairn-follower-reads-" + System.nanoTime();
    PdServer pd = PdServer.startInProcess(PdConfig.defaults().withMaxReplicas(3)
        .withShutdownGrace(Duration.ofMillis(200)), PdClock.SYSTEM, prefix + "-pd");
    List<StorageNode> nodes = new ArrayList<>();
    TikvStorage storage = null;
    TikvStorage local = null;
    try {
      for (int i = 1; i <= 3; i++) {
        nodes.add(StorageNode.start(NodeConfig.builder().pdEndpoints(List.of(pd.clientUrl()))
            .engine(EngineKind.ROCKSDB).dataDir(dir.resolve("n" + i)).inProcessName(prefix + "-node-" + i)
            .labels(Map.of("zone", "z" + i))
            .heartbeat(FAST).pdRequestTimeout(Duration.ofSeconds(20)).drainTimeout(Duration.ofSeconds(2))
            .raft(NodeConfig.Raft.at("127.0.0.1", freePort()).withSafeTsInterval(Duration.ofMillis(100)))
            .build()));
        if (i == 1) {
          long first = nodes.get(0).regions().regions().get(0).id();
          await("the first node to lead its region", () -> leads(nodes.get(0), first));
        }
      }
      long regionId = nodes.get(0).regions().regions().get(0).id();
      await("three replicas of the region on every node", () -> nodes.stream()
          .allMatch(n -> n.regions().get(regionId) != null && n.regions().get(regionId).peers().size() == 3));

      storage = TikvStorage.open("follower-reads", List.of(pd.clientUrl()),
          TikvClientConfig.defaults().withPdTimeout(Duration.ofSeconds(15)), TxnConfig.defaults(), InProcessCluster.channels());
      try (Transaction t = storage.begin()) {
        t.set(Key.utf8("fr/a"), utf8("1"));
        t.set(Key.utf8("fr/b"), utf8("2"));
        t.commit();
      }

      storage.setOption("tidb_replica_read", "follower");
      TikvStorage s = storage;
      long replicaBefore = followerCount(nodes, regionId, FollowerReads.Stats::replicaReadsServed);
      for (int i = 0; i < 10; i++) {
        try (Transaction t = s.begin()) {
          t.set(Key.utf8("fr/a"), utf8("v" + i));
          t.commit();
        }
        Snapshot snap = s.snapshot(s.currentTimestamp());
        assertThat(str(snap.get(Key.utf8("fr/a")))).as("replica read %d", i).isEqualTo("v" + i);
      }
      await("followers to have served replica reads",
          () -> followerCount(nodes, regionId, FollowerReads.Stats::replicaReadsServed) >= replicaBefore + 10);
      assertThat(leaderOf(nodes, regionId).followerReads().stats().readIndexServed()).isGreaterThanOrEqualTo(10);

      long then = s.currentTimestamp();
      try (Transaction t = s.begin()) {
        t.set(Key.utf8("fr/a"), utf8("after"));
        t.commit();
      }
      await("the followers' safe ts to pass the read ts", () -> nodes.stream()
          .filter(n -> !leads(n, regionId)).allMatch(n -> n.followerReads().safeTs(regionId) >= then));
      // stale reads go to the replicas in the client's zone first: put it in a follower's
      StorageNode follower = nodes.stream().filter(n -> !leads(n, regionId)).findFirst().orElseThrow();
      local = TikvStorage.open("follower-reads-local", List.of(pd.clientUrl()),
          TikvClientConfig.defaults().withPdTimeout(Duration.ofSeconds(15))
              .withLocalLabels(Map.of("zone", follower.config().labels().get("zone"))),
          TxnConfig.defaults(), InProcessCluster.channels());
      long staleBefore = followerCount(nodes, regionId, FollowerReads.Stats::staleReadsServed);
      for (int i = 0; i < 10; i++) {
        Snapshot stale = local.snapshot(then, SnapshotOptions.builder().staleRead(true).build());
        assertThat(str(stale.get(Key.utf8("fr/a")))).as("stale read %d", i).isEqualTo("v9");
        assertThat(str(stale.get(Key.utf8("fr/b")))).isEqualTo("2");
      }
      assertThat(followerCount(nodes, regionId, FollowerReads.Stats::staleReadsServed)).isGreaterThan(staleBefore);
    } finally {
      if (local != null) {
        local.close();
      }
      if (storage != null) {
        storage.close();
      }
      nodes.forEach(StorageNode::close);
      pd.close();
    }
  }

  private static long followerCount(List<StorageNode> nodes, long regionId, ToLongFunction<FollowerReads.Stats> count) {
    return nodes.stream().filter(n -> !leads(n, regionId)).mapToLong(n -> count.applyAsLong(n.followerReads().stats())).sum();
  }

  private static StorageNode leaderOf(List<StorageNode> nodes, long regionId) {
    return nodes.stream().filter(n -> leads(n, regionId)).findFirst().orElseThrow();
  }

  private static boolean leads(StorageNode n, long regionId) {
    RegionRegistry.RegionState st = n.regions().state(regionId);
    return st != null && st.leader() != null && st.leader().storeId() == n.storeId();
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
