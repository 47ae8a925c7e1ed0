package io.cairn.tikv.testing;

import com.google.protobuf.ByteString;
import io.cairn.coprocessor.exec.RunLimits;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.SplitRegionRequest;
import io.cairn.proto.kvrpcpb.SplitRegionResponse;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.tikvpb.TikvGrpc;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.server.DagCoprocessorHandler;
import io.cairn.storage.server.NodeCallObserver;
import io.cairn.storage.server.StorageNodeConfig;
import io.cairn.storage.server.StorageNodeServer;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.copr.CopConfig;
import io.cairn.tikv.txn.TikvStorage;
import io.grpc.ManagedChannel;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only: two REAL storage nodes ({@link StorageNodeServer}: MVCC over an in-memory engine,
 * the Cairn DAG coprocessor, in-process gRPC) and a {@link FakeTxnPd} that routes by the
 * nodes' own region metadata (memcomparable-encoded boundaries, as in transactional mode).
 * Store 1 starts with {@code ["", boundary)}, store 2 with {@code [boundary, "")}; {@link #split}
 * splits regions through the nodes' {@code SplitRegion} RPC, and {@link #publish} tells PD, as
 * region heartbeats would (a split not published yet is what drivers learn from EpochNotMatch).
 * Close it after the storages it opened.
 */
public final class RealNodes implements AutoCloseable {

  private final String prefix;
  private final AtomicLong ids = new AtomicLong(100);
  private final InProcess net = new InProcess();
  private final List<StorageNodeServer> nodes = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  public final RegionTable pdRegions;

  public RealNodes(String prefix, String boundary) {
    this(prefix, boundary.getBytes(StandardCharsets.UTF_8));
  }

  /** Store 1 holds the user keys below {@code boundary}, store 2 the others. */
  public RealNodes(String prefix, byte[] boundary) {
    this(prefix, boundary, null);
  }

  /**
   * As {@link #RealNodes(String, String)}, the nodes tracing their calls with {@code
   * nodeTracing} (null: the process's GlobalOpenTelemetry, as a node process does).
   */
  public RealNodes(String prefix, String boundary, OpenTelemetry nodeTracing) {
    this(prefix, boundary.getBytes(StandardCharsets.UTF_8), nodeTracing);
  }

  private RealNodes(String prefix, byte[] boundary, OpenTelemetry nodeTracing) {
    this.prefix = prefix + "-" + System.nanoTime();
    byte[] mid = KeyMode.TXN.toRegionKey(boundary);
    List<byte[][]> ranges = List.of(new byte[][] {null, mid}, new byte[][] {mid, null});
    List<Store> stores = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      long storeId = i + 1;
      RegionMeta initial = new RegionMeta(ids.incrementAndGet(), ranges.get(i)[0], ranges.get(i)[1],
          io.cairn.storage.region.RegionEpoch.INITIAL, List.of(new PeerMeta(ids.incrementAndGet(), storeId)));
      StorageNodeServer node = new StorageNodeServer(
          StorageNodeConfig.builder().storeId(storeId).inProcessName(address(storeId)).build(), ids::incrementAndGet,
          new DagCoprocessorHandler(Clock.systemUTC(), RunLimits.UNLIMITED), List.of(initial));
      if (nodeTracing != null) {
        node.observeCalls(new NodeCallObserver(() -> nodeTracing));
      }
      node.start();
      nodes.add(node);
      channels.add(InProcess.channels().open(address(storeId)));
      stores.add(Regions.store(storeId, address(storeId), Map.of()));
    }
    pdRegions = new RegionTable(currentRegions());
    net.start(pdUrl(), new FakeTxnPd(pdUrl(), 7, pdRegions, stores));
  }

  public String address(long storeId) {
    return prefix + "-store-" + storeId;
  }

  public String pdUrl() {
    return prefix + "-pd";
  }

  public StorageNodeServer node(long storeId) {
    return nodes.get((int) storeId - 1);
  }

  public TikvStorage open(TxnConfig config) {
    return TikvStorage.open("real-nodes://" + prefix, List.of(pdUrl()), TxnCluster.clientConfig(), config, InProcess.channels());
  }

  public TikvStorage open() {
    return open(TxnConfig.defaults());
  }

  /** A storage whose RPC tracing, once switched on, uses {@code openTelemetry}. */
  public TikvStorage open(OpenTelemetry openTelemetry) {
    return TikvStorage.open("real-nodes://" + prefix, List.of(pdUrl()), TxnCluster.clientConfig(), TxnConfig.defaults(),
        CopConfig.defaults(), InProcess.channels(), () -> openTelemetry);
  }

  /** Every region of both nodes in key order, as the nodes describe them (encoded boundaries). */
  public List<Region> currentRegions() {
    List<Region> out = new ArrayList<>();
    for (StorageNodeServer n : nodes) {
      n.regions().regions().forEach(m -> out.add(toProto(m)));
    }
    out.sort((a, b) -> ByteString.unsignedLexicographicalComparator().compare(a.getStartKey(), b.getStartKey()));
    return out;
  }

  /** Tells PD the nodes' current regions. */
  public void publish() {
    pdRegions.set(currentRegions());
  }

  /**
   * Splits, through the SplitRegion RPC of the node holding it, the region of each user key at
   * that key. PD is not told: call {@link #publish} for that.
   */
  public void split(String... userKeys) {
    for (String k : userKeys) {
      split(k.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** {@link #split(String...)} for binary keys; a key that already is a boundary is skipped. */
  public void split(byte[]... userKeys) {
    for (byte[] key : userKeys) {
      int i = storeIndexOf(key);
      RegionMeta m = nodes.get(i).regions().regionFor(KeyMode.TXN.toRegionKey(key));
      if (java.util.Arrays.equals(m.startKey(), KeyMode.TXN.toRegionKey(key))) {
        continue;
      }
      SplitRegionResponse resp = tikv(i).splitRegion(SplitRegionRequest.newBuilder().setContext(contextFor(key))
          .addSplitKeys(ByteString.copyFrom(key)).build());
      if (resp.hasRegionError()) {
        throw new IllegalStateException("split at " + java.util.HexFormat.of().formatHex(key) + " failed: " + resp.getRegionError());
      }
    }
  }

  private int storeIndexOf(byte[] userKey) {
    byte[] regionKey = KeyMode.TXN.toRegionKey(userKey);
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).regions().regionFor(regionKey) != null) {
        return i;
      }
    }
    throw new IllegalStateException("no node holds " + java.util.HexFormat.of().formatHex(userKey));
  }

  /** A blocking stub for the node holding {@code userKey}, with a generous deadline. */
  public TikvGrpc.TikvBlockingStub stubFor(byte[] userKey) {
    return tikv(storeIndexOf(userKey));
  }

  private TikvGrpc.TikvBlockingStub tikv(int index) {
    return TikvGrpc.newBlockingStub(channels.get(index)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** The routing Context of the region that holds {@code userKey} now. */
  public Context contextFor(byte[] userKey) {
    RegionMeta m = nodes.get(storeIndexOf(userKey)).regions().regionFor(KeyMode.TXN.toRegionKey(userKey));
    Region r = toProto(m);
    return Context.newBuilder().setRegionId(r.getId()).setRegionEpoch(r.getRegionEpoch()).setPeer(r.getPeers(0)).build();
  }

  public static Region toProto(RegionMeta m) {
    Region.Builder r = Region.newBuilder().setId(m.id()).setStartKey(ByteString.copyFrom(m.startKey()))
        .setEndKey(ByteString.copyFrom(m.endKey()))
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(m.epoch().confVer()).setVersion(m.epoch().version()));
    m.peers().forEach(p -> r.addPeers(Peer.newBuilder().setId(p.id()).setStoreId(p.storeId())));
    return r.build();
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    nodes.forEach(StorageNodeServer::close);
    net.close();
  }
}
