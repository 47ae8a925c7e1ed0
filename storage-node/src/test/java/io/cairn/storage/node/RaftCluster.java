package io.cairn.storage.node;

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
import io.cairn.proto.tikvpb.TikvGrpc;
import io.cairn.storage.pd.HeartbeatConfig;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import io.cairn.storage.region.RequestContext;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An in-process cluster for tests: one PD on gRPC's in-process transport and storage nodes on
 * real Raft over loopback, with a raw KV client that routes by PD and retries region errors
 * (the driver's job, done simply). Closing stops every node still running, then PD.
 */
final class RaftCluster implements AutoCloseable {

  private static final AtomicInteger SEQ = new AtomicInteger();
  static final HeartbeatConfig FAST = new HeartbeatConfig(Duration.ofMillis(200),
      Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(500));

  private final Path dir;
  private final String pdName = "raft-cluster-pd-" + SEQ.incrementAndGet();
  private final PdServer pd;
  private final Map<Long, StorageNode> nodes = new ConcurrentHashMap<>();
  private final Map<Long, ManagedChannel> channels = new ConcurrentHashMap<>();

  RaftCluster(Path dir, PdConfig pdConfig) {
    this.dir = dir;
    this.pd = PdServer.startInProcess(pdConfig.withShutdownGrace(Duration.ofMillis(200)),
        PdClock.SYSTEM, pdName);
  }

  PdServer pd() {
    return pd;
  }

  /** A node under {@code dir/name} with Raft on a free port, fast heartbeats. */
  NodeConfig.Builder nodeConfig(String name) {
    return NodeConfig.builder().pdEndpoints(List.of("inprocess://" + pdName))
        .engine(EngineKind.ROCKSDB).dataDir(dir.resolve(name)).host("127.0.0.1").port(0)
        .heartbeat(FAST).pdRequestTimeout(Duration.ofSeconds(20))
        .drainTimeout(Duration.ofSeconds(2))
        .raft(NodeConfig.Raft.at("127.0.0.1", freePort()));
  }

  StorageNode start(String name, UnaryOperator<NodeConfig.Builder> tune) {
    return start(tune.apply(nodeConfig(name)).build());
  }

  /**
   * Starts {@code name}, the cluster's first node, and splits its one region through Raft
   * (SplitRegion's path) at b, c, … l: twelve regions, all on that node, which leads them.
   */
  StorageNode startWithTwelveRegions(String name, Duration wait) {
    StorageNode n = start(name, b -> b);
    long first = n.regions().regions().get(0).id();
    await(name + " leads", wait, () -> leads(n, first));
    List<byte[]> keys = new ArrayList<>();
    for (char c = 'b'; c <= 'l'; c++) {
      keys.add(new byte[] {(byte) c});
    }
    RegionMeta m = n.regions().get(first);
    n.regionEngine().split(RequestContext.of(first, m.epoch(), n.storeId(), 0, KeyMode.RAW),
        keys);
    return n;
  }

  StorageNode start(NodeConfig config) {
    StorageNode n = StorageNode.start(config);
    nodes.put(n.storeId(), n);
    return n;
  }

  void stop(StorageNode n) {
    nodes.remove(n.storeId());
    ManagedChannel c = channels.remove(n.storeId());
    if (c != null) {
      c.shutdownNow();
    }
    n.close();
  }

  Map<Long, StorageNode> nodes() {
    return nodes;
  }

  static boolean leads(StorageNode n, long regionId) {
    RegionRegistry.RegionState s = n.regions().state(regionId);
    return s != null && s.leader() != null && s.leader().storeId() == n.storeId();
  }

  /** Writes {@code key}, following PD's routing and retrying region errors, within {@code wait}. */
  void put(String key, String value, Duration wait) {
    ByteString k = ByteString.copyFromUtf8(key);
    ByteString v = ByteString.copyFromUtf8(value);
    retry("put " + key, wait, (stub, ctx) -> {
      RawPutResponse r = stub.withDeadlineAfter(20, TimeUnit.SECONDS).rawPut(
          RawPutRequest.newBuilder().setContext(ctx).setKey(k).setValue(v).build());
      return r.hasRegionError() || !r.getError().isEmpty() ? null : "";
    }, k);
  }

  /** Reads {@code key} from its region's leader; null when absent. */
  String get(String key, Duration wait) {
    ByteString k = ByteString.copyFromUtf8(key);
    return retry("get " + key, wait, (stub, ctx) -> {
      RawGetResponse r = stub.withDeadlineAfter(20, TimeUnit.SECONDS).rawGet(
          RawGetRequest.newBuilder().setContext(ctx).setKey(k).build());
      if (r.hasRegionError() || !r.getError().isEmpty()) {
        return null;
      }
      return r.getNotFound() ? "\u0000absent" : r.getValue().toStringUtf8();
    }, k).transform(s -> s.equals("\u0000absent") ? null : s);
  }

  private interface Call {
    /** The answer, or null to retry. */
    String run(TikvGrpc.TikvBlockingStub stub, Context ctx);
  }

  private String retry(String what, Duration wait, Call call, ByteString key) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      RegionInfo r = pd.driver().cluster().regionByKey(key);
      StorageNode leader = r == null || r.leader() == null ? null : nodes.get(r.leaderStoreId());
      if (leader != null) {
        Context ctx = Context.newBuilder().setRegionId(r.id())
            .setRegionEpoch(r.meta().getRegionEpoch()).setPeer(r.leader()).build();
        try {
          String out = call.run(TikvGrpc.newBlockingStub(channel(leader)), ctx);
          if (out != null) {
            return out;
          }
        } catch (StatusRuntimeException e) {
          // the node is going away, or busy: ask PD again
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out: " + what + " (region " + r + ")");
      }
      sleep(20);
    }
  }

  private ManagedChannel channel(StorageNode n) {
    return channels.computeIfAbsent(n.storeId(),
        id -> NettyChannelBuilder.forTarget(n.address()).usePlaintext().build());
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void await(String what, Duration wait, BooleanSupplier condition) {
    await(what, wait, condition, () -> "");
  }

  /** As {@link #await(String, Duration, BooleanSupplier)}, the failure carrying {@code state}. */
  static void await(String what, Duration wait, BooleanSupplier condition,
      Supplier<String> state) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + wait + " waiting for: " + what
            + System.lineSeparator() + state.get());
      }
      sleep(50);
    }
  }

  /**
   * What PD and every running node know of each region: a line with PD's epoch, peers (lagging
   * ones marked), leader and operator in flight, then a line for each node's own replica
   * (epoch, peers, leader). For the failure message of a wait on the cluster's shape.
   */
  String describe() {
    StringBuilder out = new StringBuilder("cluster state (stores up: ")
        .append(new TreeSet<>(nodes.keySet())).append(")");
    for (RegionInfo r : pd.driver().cluster().scanRegions(ByteString.EMPTY, ByteString.EMPTY,
        0)) {
      out.append(System.lineSeparator()).append("  region ").append(r.id()).append(" PD: epoch ")
          .append(r.meta().getRegionEpoch().getConfVer()).append('/')
          .append(r.meta().getRegionEpoch().getVersion()).append(" peers ")
          .append(r.meta().getPeersList().stream()
              .map(p -> p.getId() + "@" + p.getStoreId() + (r.isLagging(p) ? "(lagging)" : ""))
              .toList())
          .append(" leader ").append(r.leader() == null ? "none" : r.leader().getStoreId())
          .append(" operator ").append(pd.driver().operators().inFlight(r.id())
              .map(o -> o.kind() + " " + o.peer().getId() + "@" + o.peer().getStoreId() + " ("
                  + o.reason() + ")")
              .orElse("none"));
      for (StorageNode n : new TreeMap<>(nodes).values()) {
        RegionRegistry.RegionState s = n.regions().state(r.id());
        out.append(System.lineSeparator()).append("    store ").append(n.storeId()).append(": ");
        if (s == null) {
          out.append("no replica");
        } else {
          out.append("epoch ").append(s.meta().epoch().confVer()).append('/')
              .append(s.meta().epoch().version()).append(" peers ")
              .append(s.meta().peers().stream().map(p -> p.id() + "@" + p.storeId()).toList())
              .append(" leader ").append(s.leader() == null ? "unknown" : s.leader().storeId());
        }
      }
    }
    return out.toString();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    nodes.values().forEach(StorageNode::close);
    nodes.clear();
    pd.close();
  }
}
