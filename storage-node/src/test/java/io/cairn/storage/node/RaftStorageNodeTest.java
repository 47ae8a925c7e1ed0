package io.cairn.storage.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.server.PdServer;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.RawGetRequest;
import io.cairn.proto.kvrpcpb.RawGetResponse;
import io.cairn.proto.kvrpcpb.RawPutRequest;
import io.cairn.proto.kvrpcpb.RawPutResponse;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.tikvpb.TikvGrpc;
import io.cairn.storage.pd.HeartbeatConfig;
import io.cairn.storage.raft.RaftRegionEngine;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StorageNode}s whose regions are Raft groups, against the real placement driver, driven
 * through the {@code tikvpb} gRPC service over loopback.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RaftStorageNodeTest {

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final HeartbeatConfig FAST = new HeartbeatConfig(Duration.ofMillis(200),
      Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(500));
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private PdServer pd;
  private final String pdName = "raft-node-test-pd-" + SEQ.incrementAndGet();
  private final Map<Long, StorageNode> nodes = new ConcurrentHashMap<>();

  @AfterEach
  void stopAll() {
    nodes.values().forEach(StorageNode::close);
    if (pd != null) {
      pd.close();
    }
  }

  private void startPd(PdConfig config) {
    pd = PdServer.startInProcess(config.withShutdownGrace(Duration.ofMillis(200)), PdClock.SYSTEM,
        pdName);
  }

  /** A node on loopback (gRPC on a free port, Raft on {@code raftPort}) under {@code dir/name}. */
  private NodeConfig node(String name, int raftPort) {
    return NodeConfig.builder().pdEndpoints(List.of("inprocess://" + pdName))
        .engine(EngineKind.ROCKSDB).dataDir(dir.resolve(name)).host("127.0.0.1").port(0)
        .heartbeat(FAST).pdRequestTimeout(Duration.ofSeconds(20))
        .drainTimeout(Duration.ofSeconds(2))
        .raft(NodeConfig.Raft.at("127.0.0.1", raftPort))
        .build();
  }

  private StorageNode start(NodeConfig config) {
    StorageNode n = StorageNode.start(config);
    nodes.put(n.storeId(), n);
    return n;
  }

  private void stop(StorageNode n) {
    nodes.remove(n.storeId());
    n.close();
  }

  @Test
  void aSingleNodeServesOnRaftAndARestartKeepsEveryAcknowledgedWrite() {
    startPd(PdConfig.defaults().withDataDir(dir.resolve("pd")));
    int raftPort = freePort();
    long storeId;
    long regionId;
    try (StorageNode node = start(node("n1", raftPort))) {
      storeId = node.storeId();
      assertThat(node.bootstrappedCluster()).isTrue();
      assertThat(node.regionEngine()).isInstanceOf(RaftRegionEngine.class);
      RegionMeta region = node.regions().regions().get(0);
      regionId = region.id();
      assertThat(region.peers()).extracting(PeerMeta::address)
          .containsExactly("127.0.0.1:" + raftPort);
      assertThat(pd.driver().cluster().storeMeta(storeId).getPeerAddress())
          .isEqualTo("127.0.0.1:" + raftPort);
      await("PD hears the Raft leader", () -> {
        RegionInfo r = pd.driver().cluster().regionById(regionId);
        return r != null && r.leader() != null && r.leaderStoreId() == storeId;
      });
      try (Client c = new Client(node)) {
        for (int i = 0; i < 20; i++) {
          assertThat(c.put(node, regionId, "k" + i, "v" + i).hasRegionError()).isFalse();
        }
      }
      nodes.remove(storeId);
    }
    try (StorageNode node = start(node("n1", raftPort))) {
      assertThat(node.storeId()).isEqualTo(storeId);
      assertThat(node.bootstrappedCluster()).isFalse();
      await("the region is led again", () -> led(node, regionId));
      try (Client c = new Client(node)) {
        for (int i = 0; i < 20; i++) {
          RawGetResponse r = c.get(node, regionId, "k" + i);
          assertThat(r.hasRegionError()).as("k%d: %s", i, r.getRegionError()).isFalse();
          assertThat(r.getValue().toStringUtf8()).isEqualTo("v" + i);
        }
        assertThat(c.put(node, regionId, "after", "restart").hasRegionError()).isFalse();
        assertThat(c.get(node, regionId, "after").getValue().toStringUtf8()).isEqualTo("restart");
      }
    }
  }

  @Test
  @Tag("slow")
  void threeNodesReplicateAndANewLeaderServesTheWritesOfAKilledOne() {
    startPd(PdConfig.defaults().withMaxReplicas(3));
    StorageNode first = start(node("n1", freePort()));
    long regionId = first.regions().regions().get(0).id();
    await("the first node leads", () -> led(first, regionId));
    try (Client c = new Client(first)) {
      for (int i = 0; i < 10; i++) {
        RawPutResponse r = c.put(first, regionId, "early" + i, "e" + i);
        assertThat(r.hasRegionError()).as("put early%d: %s", i, r.getRegionError()).isFalse();
      }
    }
    start(node("n2", freePort()));
    start(node("n3", freePort()));
    // PD sees one replica and asks the leader to add two; each is a Raft membership change,
    // and the new replica installs the region (the early keys) from the leader over gRPC
    await("three replicas of the region on every node", () -> nodes.values().stream()
        .allMatch(n -> n.regions().get(regionId) != null
            && n.regions().get(regionId).peers().size() == 3));
    StorageNode leader = leaderOf(regionId);
    try (Client c = new Client(leader)) {
      for (int i = 0; i < 10; i++) {
        RawPutResponse r = c.put(leader, regionId, "k" + i, "v" + i);
        assertThat(r.hasRegionError()).as("put k%d: %s", i, r.getRegionError()).isFalse();
      }
    }
    long killed = leader.storeId();
    stop(leader);
    await("a new leader", () -> nodes.values().stream().anyMatch(n -> led(n, regionId)));
    StorageNode next = leaderOf(regionId);
    assertThat(next.storeId()).isNotEqualTo(killed);
    try (Client c = new Client(next)) {
      for (int i = 0; i < 10; i++) {
        RawGetResponse r = c.get(next, regionId, "k" + i);
        assertThat(r.hasRegionError()).as("get k%d: %s", i, r.getRegionError()).isFalse();
        assertThat(r.getValue().toStringUtf8()).isEqualTo("v" + i);
      }
      for (int i = 0; i < 10; i++) {
        RawGetResponse r = c.get(next, regionId, "early" + i);
        assertThat(r.getValue().toStringUtf8()).as("early%d", i).isEqualTo("e" + i);
      }
      RawPutResponse r = c.put(next, regionId, "after", "failover");
      assertThat(r.hasRegionError()).as("%s", r.getRegionError()).isFalse();
    }
  }

  private StorageNode leaderOf(long regionId) {
    await("a leader of region " + regionId, () -> nodes.values().stream()
        .anyMatch(n -> led(n, regionId)));
    return nodes.values().stream().filter(n -> led(n, regionId)).findFirst().orElseThrow();
  }

  private static boolean led(StorageNode n, long regionId) {
    RegionRegistry.RegionState s = n.regions().state(regionId);
    return s != null && s.leader() != null && s.leader().storeId() == n.storeId();
  }

  /** A tikvpb client of one node over loopback. */
  private static final class Client implements AutoCloseable {
    private final ManagedChannel channel;
    private final TikvGrpc.TikvBlockingStub stub;

    Client(StorageNode node) {
      channel = NettyChannelBuilder.forTarget(node.address()).usePlaintext().build();
      stub = TikvGrpc.newBlockingStub(channel);
    }

    private static Context ctx(StorageNode node, long regionId) {
      RegionMeta m = node.regions().get(regionId);
      PeerMeta p = m.peerOn(node.storeId());
      return Context.newBuilder().setRegionId(regionId)
          .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(m.epoch().confVer())
              .setVersion(m.epoch().version()))
          .setPeer(Peer.newBuilder().setId(p.id()).setStoreId(p.storeId())).build();
    }

    RawPutResponse put(StorageNode node, long regionId, String k, String v) {
      return stub.withDeadlineAfter(30, TimeUnit.SECONDS).rawPut(RawPutRequest.newBuilder()
          .setContext(ctx(node, regionId)).setKey(ByteString.copyFromUtf8(k))
          .setValue(ByteString.copyFromUtf8(v)).build());
    }

    RawGetResponse get(StorageNode node, long regionId, String k) {
      return stub.withDeadlineAfter(30, TimeUnit.SECONDS).rawGet(RawGetRequest.newBuilder()
          .setContext(ctx(node, regionId)).setKey(ByteString.copyFromUtf8(k)).build());
    }

    @Override
    public void close() {
      channel.shutdownNow();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
