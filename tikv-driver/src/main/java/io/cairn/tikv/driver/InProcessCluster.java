package io.cairn.tikv.driver;

import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.server.PdServer;
import io.cairn.storage.node.EngineKind;
import io.cairn.storage.node.NodeConfig;
import io.cairn.storage.node.StorageNode;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RequestContext;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.rpc.ChannelFactory;
import io.cairn.tikv.txn.TikvStorage;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A placement driver and storage nodes in this process, on gRPC's in-process transport: what
 * {@code unistore://} (memory) and {@code embedded://} (RocksDB) run the driver against. Every
 * server gets a process-unique in-process name; PD advertises {@code inprocess://<name>} and
 * the nodes register their names as addresses, which {@link #channels()} dials.
 *
 * <p>PD keeps one replica per region. In memory ({@code unistore://}) the nodes do not
 * replicate and writes go straight to the engine; on disk ({@code embedded://}) the single
 * node runs every region as a one-replica Raft group (real Ratis, its log under
 * {@code dataDir/node/raft}, its Raft server on a free loopback port chosen at each start,
 * which a one-replica group never dials), so embedded data takes the same write path as a
 * cluster's. Closing stops the nodes, then PD; idempotent.
 */
final class InProcessCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InProcessCluster.class);
  static final AtomicLong SEQ = new AtomicLong(); // package-private: tests find server names
  // in-process calls do not wait on a network, but on a loaded machine on a busy scheduler
  private static final Duration PD_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration ONE_REPLICA_ELECTION_MIN = Duration.ofMillis(400);
  private static final Duration ONE_REPLICA_ELECTION_MAX = Duration.ofMillis(800);

  private final PdServer pd;
  private final List<StorageNode> nodes;
  private boolean closed;

  private InProcessCluster(PdServer pd, List<StorageNode> nodes) {
    this.pd = pd;
    this.nodes = nodes;
  }

  /**
   * Starts PD and {@code stores} nodes.
   *
   * @param dataDir null: PD's metadata and the nodes' data in memory; else PD under
   *     {@code dataDir/pd} and the single node on RocksDB under {@code dataDir/node}
   * @throws IllegalArgumentException for more than one store on disk
   */
  static InProcessCluster start(String label, Path dataDir, int stores) {
    if (dataDir != null && stores != 1) {
      throw new IllegalArgumentException("an embedded cluster has one store, not " + stores);
    }
    String prefix = "cairn-" + label + "-" + SEQ.incrementAndGet();
    PdConfig config = PdConfig.defaults().withMaxReplicas(1);
    if (dataDir != null) {
      config = config.withDataDir(dataDir.resolve("pd"));
    }
    PdServer pd = PdServer.startInProcess(config, PdClock.SYSTEM, prefix + "-pd");
    List<StorageNode> nodes = new ArrayList<>();
    try {
      for (int i = 1; i <= stores; i++) {
        nodes.add(StorageNode.start(NodeConfig.builder()
            .pdEndpoints(List.of(pd.clientUrl()))
            .engine(dataDir == null ? EngineKind.MEMORY : EngineKind.ROCKSDB)
            .dataDir(dataDir == null ? null : dataDir.resolve("node"))
            .inProcessName(prefix + "-node-" + i)
            .raft(dataDir == null ? null : NodeConfig.Raft.at("127.0.0.1", freePort())
                // one replica: nobody to compete with, so elections may be quick
                .withElectionTimeout(ONE_REPLICA_ELECTION_MIN, ONE_REPLICA_ELECTION_MAX))
            .build()));
      }
    } catch (RuntimeException | Error e) {
      nodes.forEach(StorageNode::close);
      pd.close();
      throw e;
    }
    LOG.info("in-process cluster {}: PD and {} store(s){}", prefix, stores,
        dataDir == null ? " in memory" : " under " + dataDir);
    return new InProcessCluster(pd, List.copyOf(nodes));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port for the embedded Raft server", e);
    }
  }

  /** The PD endpoint the driver dials. */
  String pdEndpoint() {
    return pd.clientUrl();
  }

  List<StorageNode> nodes() {
    return nodes;
  }

  PdServer pd() {
    return pd;
  }

  /**
   * Starts a cluster and the driver's storage over it; when the storage cannot be opened, the
   * cluster is closed again.
   *
   * @param description the storage's name (its normalized URL)
   * @param splitKeys user keys to split the first region at before the storage opens
   *     ({@link #presplit}); empty for one region
   */
  static StoreCache.Built openStorage(String description, String label, Path dataDir,
      int stores, List<byte[]> splitKeys) {
    InProcessCluster cluster = start(label, dataDir, stores);
    try {
      if (!splitKeys.isEmpty()) {
        cluster.presplit(splitKeys);
      }
      TikvClientConfig client = TikvClientConfig.defaults().withPdTimeout(PD_TIMEOUT);
      return new StoreCache.Built(TikvStorage.open(description, List.of(cluster.pdEndpoint()),
          client, TxnConfig.defaults(), channels()), cluster);
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Splits the cluster's only region at {@code userKeys} (ascending unsigned, distinct,
   * non-empty) on the node that bootstrapped it, through the node's own split path (new ids
   * from PD, the split reported to PD), and waits until PD knows every piece.
   *
   * @throws IllegalStateException when the cluster has already been split, or PD does not
   *     know every piece within {@link #PD_TIMEOUT}
   */
  void presplit(List<byte[]> userKeys) {
    StorageNode owner = null;
    for (StorageNode n : nodes) {
      if (!n.regions().regions().isEmpty()) {
        owner = n;
      }
    }
    int before = pd.driver().cluster().regionCount();
    if (owner == null || owner.regions().regions().size() != 1 || before != 1) {
      throw new IllegalStateException("pre-split needs a cluster of one region, not " + before);
    }
    RegionMeta first = owner.regions().regions().get(0);
    List<byte[]> regionKeys = userKeys.stream().map(KeyMode.TXN::toRegionKey).toList();
    owner.regionEngine().split(RequestContext.of(first.id(), first.epoch(), owner.storeId(), 0,
        KeyMode.TXN), regionKeys);
    int want = 1 + userKeys.size();
    long deadline = System.nanoTime() + PD_TIMEOUT.toNanos();
    // the node reports splits to PD in the background
    while (pd.driver().cluster().regionCount() < want) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("PD knows " + pd.driver().cluster().regionCount()
            + " regions " + PD_TIMEOUT + " after a split into " + want);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for PD to learn a split", e);
      }
    }
  }

  /** Channels to the in-process servers, named by the address ({@code inprocess://} stripped). */
  static ChannelFactory channels() {
    return address -> InProcessChannelBuilder.forName(ChannelFactory.stripScheme(address))
        .build();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (StorageNode n : nodes) {
      n.close();
    }
    pd.close();
  }
}
