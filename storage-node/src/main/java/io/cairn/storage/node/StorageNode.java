package io.cairn.storage.node;

import io.cairn.coprocessor.exec.RunLimits;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.pdpb.AllocIDRequest;
import io.cairn.proto.pdpb.AllocIDResponse;
import io.cairn.proto.pdpb.GetRegionByIDRequest;
import io.cairn.proto.pdpb.GetRegionResponse;
import io.cairn.proto.pdpb.GetStoreRequest;
import io.cairn.proto.pdpb.GetStoreResponse;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.engine.rocksdb.RocksEngine;
import io.cairn.storage.engine.rocksdb.RocksEngineOptions;
import io.cairn.storage.pd.HeartbeatLoop;
import io.cairn.storage.pd.LocalStoreMeta;
import io.cairn.storage.pd.PdClientConfig;
import io.cairn.storage.pd.PdClientException;
import io.cairn.storage.pd.PdConnection;
import io.cairn.storage.pd.PdTimestamps;
import io.cairn.storage.txn.MaxTsSync;
import io.cairn.storage.pd.SchedulingCommandHandler;
import io.cairn.storage.pd.SplitReporter;
import io.cairn.storage.pd.StoreDescriptor;
import io.cairn.storage.pd.StoreIdent;
import io.cairn.storage.pd.StoreRegistrar;
import io.cairn.storage.pd.StoreStatsSource;
import io.cairn.storage.raft.FollowerReadService;
import io.cairn.storage.raft.FollowerReads;
import io.cairn.storage.raft.MissingReplicaChecker;
import io.cairn.storage.raft.RaftRegionEngine;
import io.cairn.storage.raft.RaftStore;
import io.cairn.storage.raft.RaftStoreConfig;
import io.cairn.storage.raft.RegionSnapshotSource;
import io.cairn.storage.raft.RegistryMirror;
import io.cairn.storage.raft.SnapshotTransfer;
import io.cairn.storage.region.IdAllocator;
import io.cairn.storage.region.LocalRegionEngine;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEngine;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import io.cairn.storage.server.DagCoprocessorHandler;
import io.cairn.storage.server.StorageNodeConfig;
import io.cairn.storage.server.StorageNodeServer;
import io.cairn.storage.txn.ConcurrencyManager;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One storage node process as an object: engine, region layer, gRPC server, and the node's
 * side of PD (registration with cluster bootstrap, store and region heartbeats, split
 * reports). {@link #start} brings it up; {@link #close} takes it down in reverse order.
 *
 * <p>Start, in dependency order:
 * <ol>
 *   <li>open the engine (RocksDB under {@code dataDir/db}, or in memory);</li>
 *   <li>connect to PD and learn the store id: the persisted {@link StoreIdent}, or a fresh id
 *       from PD's AllocID, persisted before anything else uses it (the server and the region
 *       registry are keyed by it, and the server must be bound before PD hears the store's
 *       address);</li>
 *   <li>build the region engine: without replication, load the persisted regions into the
 *       registry and serve them with a {@link LocalRegionEngine} ({@link LocalScheduling}
 *       answers PD); with a {@link NodeConfig.Raft} section, start the Raft server over the
 *       engine (its replicas, recorded in the engine, come up and fill the registry through a
 *       {@link RegistryMirror}) and serve with a {@link RaftRegionEngine}
 *       ({@link RaftScheduling} answers PD), whose followers serve replica and stale reads
 *       through {@link FollowerReads} (its service on this node's server, its safe ts rounds
 *       started with the heartbeats, PD timestamps from {@link PdTimestamps});</li>
 *   <li>start the gRPC server;</li>
 *   <li>register with PD ({@link StoreRegistrar}): a new cluster is bootstrapped with this
 *       store's first region over the whole key space, which is persisted and served;</li>
 *   <li>start the heartbeats.</li>
 * </ol>
 * A failure at any step closes what the earlier steps built, and rethrows.
 *
 * <p>Splits (a {@code SplitRegion} request, or PD's command) take region ids from PD and are
 * reported to PD with ReportBatchSplit and immediate heartbeats, in the background (on Raft,
 * by the store leading the region). Without replication the new regions are persisted before
 * the split is acknowledged; a crash in between leaves the parent region as it was (every
 * piece's data is in the same engine, so nothing is lost; PD then ignores the older epoch
 * until the region splits again). On Raft the split is a log entry applied with the regions'
 * metas in one engine batch on every replica.
 *
 * <p>Size-based splits: a {@link SplitChecker} checks the regions led here every
 * {@link NodeConfig.SplitCheck#interval()} and splits those above the thresholds through the
 * same {@link RegionEngine#split} as the RPC (RocksDB only). On Raft a {@link StalePeerChecker}
 * removes replicas that PD says their region no longer has (removed while this store was
 * away); a replica removed while the store runs removes itself when it applies the new
 * configuration. A {@link MissingReplicaChecker} starts, from the leader, replicas a region
 * names that their store never started (it skipped the creating split by a snapshot).
 *
 * <p>Close, in reverse: the missing replica, stale peer and split checkers, heartbeats, split reports, the server (draining calls in flight), the
 * Raft server, the PD connection, the engine. Idempotent. Restarting over the same data dir
 * keeps the store id, the regions and the data. Thread-safe.
 */
public final class StorageNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StorageNode.class);
  /** How often the regions led here are checked for replicas their stores never started. */
  private static final Duration MISSING_REPLICA_CHECK_INTERVAL = Duration.ofSeconds(5);

  private final Deque<AutoCloseable> closeInReverse;
  private final NodeConfig config;
  private final long storeId;
  private final String address;
  private final StorageNodeServer server;
  private final RegionEngine regionEngine;
  private final HeartbeatLoop heartbeats;
  private final boolean bootstrappedCluster;
  private final SplitChecker splitChecker;
  private final FollowerReads followerReads;
  private boolean closed;

  private StorageNode(Deque<AutoCloseable> closeInReverse, NodeConfig config, long storeId,
      String address, StorageNodeServer server, RegionEngine regionEngine,
      HeartbeatLoop heartbeats, boolean bootstrappedCluster, SplitChecker splitChecker,
      FollowerReads followerReads) {
    this.closeInReverse = closeInReverse;
    this.config = config;
    this.storeId = storeId;
    this.address = address;
    this.server = server;
    this.regionEngine = regionEngine;
    this.heartbeats = heartbeats;
    this.bootstrappedCluster = bootstrappedCluster;
    this.splitChecker = splitChecker;
    this.followerReads = followerReads;
  }

  /**
   * Starts a node; see the class comment.
   *
   * @throws io.cairn.storage.pd.PdClientException when no PD leader answers within {@link
   *     NodeConfig#pdStartupWait}, PD refuses the
   *     store, or serves another cluster than the data dir belongs to
   * @throws UncheckedIOException when the data dir or the port cannot be used
   */
  public static StorageNode start(NodeConfig config) {
    Objects.requireNonNull(config, "config");
    Deque<AutoCloseable> built = new ArrayDeque<>();
    try {
      KvEngine engine;
      RegionSizer sizer;
      StoreStatsSource stats;
      if (config.engine() == EngineKind.ROCKSDB) {
        Path db = config.dataDir().resolve("db");
        Files.createDirectories(db);
        RocksEngine rocks = RocksEngine.open(RocksEngineOptions.builder(db).build());
        engine = rocks;
        sizer = RegionSizer.rocks(rocks);
        stats = NodeStats.disk(db);
      } else {
        engine = new MemoryEngine();
        sizer = RegionSizer.NONE;
        stats = NodeStats.memory();
      }
      built.push(engine);
      NodeMetaStore meta = new NodeMetaStore(engine);

      PdConnection pd = new PdConnection(new PdClientConfig(config.pdEndpoints(),
          config.pdRequestTimeout()), config.pdChannels());
      built.push(pd);
      IdAllocator pdIds = () -> pd.call("AllocID", (stub, h) -> stub.allocID(
          AllocIDRequest.newBuilder().setHeader(h).build()), AllocIDResponse::getHeader).getId();
      awaitPd(pd, config.pdStartupWait());
      StoreIdent ident = meta.loadIdent();
      if (ident == null) {
        ident = new StoreIdent(pd.clusterId(), pdIds.allocate());
        meta.saveIdent(ident);
        LOG.info("store id {} allocated in cluster {}", ident.storeId(), ident.clusterId());
      }
      long storeId = ident.storeId();

      RegionRegistry registry = new RegionRegistry(storeId, pdIds);
      // One max_ts per store: leader reads, replica reads served elsewhere and advertised safe
      // ts raise it; one-phase commits pick their commit ts above it. A region led here may
      // pick commit ts only once a PD timestamp taken since it became leader is in it.
      ConcurrencyManager concurrency = new ConcurrencyManager();
      PdTimestamps timestamps = new PdTimestamps(pd);
      RegionEngine regionEngine;
      RaftStore raftStore = null;
      FollowerReads followerReads = null;
      if (config.raft() == null) {
        meta.loadRegions().forEach(registry::add);
        regionEngine = new LocalRegionEngine(engine, registry);
      } else {
        adoptUnreplicatedRegions(meta, storeId, config.raft().address());
        ExecutorService transfers = Executors.newVirtualThreadPerTaskExecutor();
        built.push(transfers::shutdownNow);
        // a replica that joined or fell behind fetches the region from the leader's node
        RegionSnapshotSource snapshots = SnapshotTransfer.source(
            store -> storeOf(pd, store).getAddress(), address -> dial(config, address),
            transfers, Duration.ofMinutes(5));
        raftStore = openRaft(config, storeId, (RocksEngine) engine, registry, snapshots);
        built.push(raftStore);
        FollowerReadService.Link storeLink = FollowerReadService.link(
            store -> storeOf(pd, store).getAddress(), address -> dial(config, address),
            config.raft().requestTimeout());
        built.push(storeLink);
        followerReads = new FollowerReads(raftStore, concurrency, storeLink, timestamps,
            config.raft().safeTsInterval());
        built.push(followerReads);
        regionEngine = new RaftRegionEngine(raftStore, engine, registry, pdIds, followerReads);
      }

      ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "node-" + storeId + "-background");
        t.setDaemon(true);
        return t;
      });
      built.push(() -> {
        background.shutdown();
        if (!background.awaitTermination(10, TimeUnit.SECONDS)) {
          background.shutdownNow();
        }
      });

      MaxTsSync maxTsSync = new MaxTsSync(concurrency, regionId -> {
        RegionRegistry.RegionState s = registry.state(regionId);
        return s != null && s.leader() != null && s.leader().storeId() == storeId
            ? s.term() : -1;
      }, timestamps::next, background);

      // registered before the server serves: a SplitRegion may arrive at once
      SplitReporter splits = new SplitReporter(pd);
      AtomicReference<HeartbeatLoop> heartbeatRef = new AtomicReference<>();
      boolean replicated = raftStore != null;
      registry.addListener((parent, pieces) -> {
        maxTsSync.onSplit(parent.id(), pieces.stream().map(RegionMeta::id).toList());
        if (replicated) {
          // the split is in the Raft log and the engine already; the leader tells PD
          RegionRegistry.RegionState s = registry.state(parent.id());
          if (s == null || s.leader() == null || s.leader().storeId() != storeId) {
            return;
          }
        } else {
          // persisted before the split is acknowledged: the listener runs on the splitting thread
          try {
            meta.saveRegions(pieces.stream().map(p -> registry.get(p.id()))
                .filter(Objects::nonNull).toList());
          } catch (RuntimeException e) {
            LOG.error("store {}: could not persist the split of region {}", storeId, parent.id(),
                e);
          }
        }
        try {
          background.execute(() -> reportSplit(splits, heartbeatRef.get(), pieces));
        } catch (RejectedExecutionException e) {
          // closing: the next start reports the regions by heartbeat
        }
      });

      StorageNodeConfig serverConfig = StorageNodeConfig.builder()
          .storeId(storeId)
          .host(config.host())
          .port(config.port())
          .advertiseAddress(config.advertiseAddress())
          .labels(config.labels())
          .inProcessName(config.inProcessName())
          .maxInboundMessageBytes(config.maxInboundMessageBytes())
          .busyThreshold(config.busyThreshold())
          .drainTimeout(config.drainTimeout())
          .build();
      StorageNodeServer server = new StorageNodeServer(serverConfig, regionEngine, registry,
          new DagCoprocessorHandler(Clock.systemUTC(), RunLimits.UNLIMITED), concurrency,
          maxTsSync);
      server.tls(config.tls());
      if (replicated) {
        server.addService(SnapshotTransfer.service(raftStore,
            config.dataDir().resolve("raft").resolve("snapshot-exports")));
        server.addService(FollowerReadService.service(followerReads));
      }
      server.start();
      built.push(server);
      String address = config.inProcessName() != null
          ? (config.advertiseAddress() != null ? config.advertiseAddress()
              : config.inProcessName())
          : server.clientAddress();

      StoreDescriptor descriptor = new StoreDescriptor(address,
          replicated ? config.raft().address() : null, config.statusAddress(),
          config.labels(), StoreDescriptor.DEFAULT_VERSION, null,
          config.dataDir() == null ? null : config.dataDir().toAbsolutePath().toString(),
          System.currentTimeMillis() / 1000);
      RaftStore raft = raftStore;
      String raftAddress = replicated ? config.raft().address() : "";
      StoreRegistrar registrar = new StoreRegistrar(pd, new RegistrarMeta(meta, first -> {
        if (raft == null) {
          meta.saveRegions(List.of(first));
          if (registry.get(first.id()) == null) {
            registry.add(first);
          }
        } else if (!raft.hosts(first.id())) {
          // the bootstrap region has this store as its one replica
          raft.createRegion(withAddress(first, storeId, raftAddress)).join();
        }
      }), descriptor);
      StoreRegistrar.Registration registration = registrar.register();

      SchedulingCommandHandler scheduling = replicated
          ? new RaftScheduling((RaftRegionEngine) regionEngine, storeId, background,
              store -> storeOf(pd, store).getPeerAddress())
          : new LocalScheduling(regionEngine, storeId, background);
      HeartbeatLoop heartbeats = new HeartbeatLoop(pd, registrar,
          new NodeRegions(registry, sizer, raft, config.peerHealth()), stats, scheduling, config.heartbeat(),
          InstantSource.system());
      heartbeatRef.set(heartbeats);
      heartbeats.start();
      built.push(heartbeats);
      if (followerReads != null) {
        followerReads.start();
      }
      SplitChecker splitChecker = null;
      if (sizer != RegionSizer.NONE) {
        splitChecker = new SplitChecker(registry, sizer, engine, regionEngine,
            config.splitCheck());
        splitChecker.start();
        built.push(splitChecker);
      }
      if (raft != null) {
        StalePeerChecker stale = new StalePeerChecker(raft, id -> {
          GetRegionResponse r = pd.call("GetRegionByID", (stub, h) -> stub.getRegionByID(
              GetRegionByIDRequest.newBuilder().setHeader(h).setRegionId(id).build()),
              GetRegionResponse::getHeader);
          return r.hasRegion() ? r.getRegion() : null;
        });
        stale.start(config.stalePeerCheckInterval());
        built.push(stale);
        MissingReplicaChecker missing = MissingReplicaChecker.withDefaults(raft);
        missing.start(MISSING_REPLICA_CHECK_INTERVAL);
        built.push(missing);
      }
      LOG.info("storage node: store {} at {}, {} regions{}", storeId, address,
          registry.regions().size(), registration.bootstrapped() ? ", bootstrapped the cluster" : "");
      return new StorageNode(built, config, storeId, address, server, regionEngine, heartbeats,
          registration.bootstrapped(), splitChecker, followerReads);
    } catch (IOException e) {
      closeAll(built);
      throw new UncheckedIOException("cannot start the storage node", e);
    } catch (RuntimeException | Error e) {
      closeAll(built);
      throw e;
    }
  }

  /**
   * Opens the node's Raft server over {@code engine}, its logs under {@code dataDir/raft},
   * mirroring the replicas into {@code registry}; the replicas recorded in the engine start.
   */
  private static RaftStore openRaft(NodeConfig config, long storeId, RocksEngine engine,
      RegionRegistry registry, RegionSnapshotSource snapshots) throws IOException {
    NodeConfig.Raft r = config.raft();
    Path raftDir = config.dataDir().resolve("raft");
    Files.createDirectories(raftDir);
    RaftStoreConfig rc = RaftStoreConfig.builder(storeId, r.host(), r.port(), raftDir)
        .electionTimeout(r.electionTimeoutMin(), r.electionTimeoutMax())
        .requestTimeout(r.requestTimeout())
        .readTimeout(r.requestTimeout())
        .tls(config.tls())
        .build();
    return RaftStore.open(rc, engine, engine::flush, snapshots, new RegistryMirror(registry));
  }

  /** PD's record of a store (blocks on PD). */
  private static io.cairn.proto.metapb.Store storeOf(PdConnection pd, long storeId) {
    return pd.call("GetStore", (stub, h) -> stub.getStore(
        GetStoreRequest.newBuilder().setHeader(h).setStoreId(storeId).build()),
        GetStoreResponse::getHeader).getStore();
  }

  /** A channel to another node's client address, on the transport this node serves on. */
  /**
   * Waits up to {@code wait} for a PD leader, as TiKV does at start: a cluster's
   * processes start in any order, and PD on a loaded machine may take longer than one request
   * timeout to elect itself. Only a PD of another cluster fails at once.
   */
  private static void awaitPd(PdConnection pd, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    long pauseMillis = 200;
    while (true) {
      try {
        pd.leader();
        return;
      } catch (PdClientException e) {
        if (e.kind() != PdClientException.Kind.UNAVAILABLE || System.nanoTime() - deadline > 0) {
          throw e;
        }
        LOG.warn("waiting for PD: {}", e.getMessage());
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pauseMillis = Math.min(pauseMillis * 2, 3_000);
      }
    }
  }

  private static ManagedChannel dial(NodeConfig config, String address) {
    if (config.inProcessName() != null) {
      return InProcessChannelBuilder.forName(address.startsWith("inprocess://")
          ? address.substring("inprocess://".length()) : address).build();
    }
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(address)
        .maxInboundMessageSize(config.maxInboundMessageBytes());
    if (config.tls() != null) {
      builder.sslContext(config.tls().clientContext()).useTransportSecurity();
    } else {
      builder.usePlaintext();
    }
    return builder.build();
  }

  /**
   * A node that ran without replication recorded its regions with peers that have no Raft
   * address; a region whose only replica is this store becomes a one-replica group at
   * {@code raftAddress}. Anything else cannot be adopted, and is refused loudly.
   */
  private static void adoptUnreplicatedRegions(NodeMetaStore meta, long storeId,
      String raftAddress) {
    List<RegionMeta> adopted = new java.util.ArrayList<>();
    for (RegionMeta m : meta.loadRegions()) {
      if (m.peers().stream().allMatch(p -> !p.address().isEmpty())) {
        continue;
      }
      if (m.peers().size() != 1 || m.peerOn(storeId) == null) {
        throw new IllegalStateException("store " + storeId + " holds " + m + ", written without"
            + " replication with replicas elsewhere; it cannot become a Raft group");
      }
      adopted.add(withAddress(m, storeId, raftAddress));
    }
    if (!adopted.isEmpty()) {
      meta.saveRegions(adopted);
      LOG.info("store {}: {} regions written without replication become Raft groups", storeId,
          adopted.size());
    }
  }

  /** {@code m} with this store's replica reachable at {@code raftAddress}. */
  private static RegionMeta withAddress(RegionMeta m, long storeId, String raftAddress) {
    List<PeerMeta> peers = m.peers().stream()
        .map(p -> p.storeId() == storeId ? new PeerMeta(p.id(), storeId, raftAddress) : p)
        .toList();
    return new RegionMeta(m.id(), m.startKey(), m.endKey(), m.epoch(), peers);
  }

  /** Tells PD about a split; {@code heartbeats} is null before they started. */
  private static void reportSplit(SplitReporter splits, HeartbeatLoop heartbeats,
      List<RegionMeta> pieces) {
    try {
      splits.reportBatchSplit(pieces.stream().map(RegionProtos::toProto).toList());
    } catch (RuntimeException e) {
      LOG.warn("could not report a split to PD (heartbeats will): {}", e.toString());
    }
    if (heartbeats != null) {
      pieces.forEach(p -> heartbeats.requestRegionHeartbeat(p.id()));
    }
  }

  public long storeId() {
    return storeId;
  }

  /** The address PD gives clients: {@code host:port}, or the in-process name. */
  public String address() {
    return address;
  }

  public NodeConfig config() {
    return config;
  }

  /** The regions this node serves. */
  public RegionRegistry regions() {
    return server.regions();
  }

  public StorageNodeServer server() {
    return server;
  }

  /**
   * The seam the node's commands run on: a {@link RaftRegionEngine} when the node replicates,
   * a {@link LocalRegionEngine} otherwise.
   */
  public RegionEngine regionEngine() {
    return regionEngine;
  }

  /**
   * Replica and stale reads served by this node's followers, read indexes it served as leader,
   * safe ts rounds; null on a node without replication.
   */
  public FollowerReads followerReads() {
    return followerReads;
  }

  public HeartbeatLoop.Stats heartbeatStats() {
    return heartbeats.stats();
  }

  /**
   * Runs one size-based split check of the regions led here now (besides the periodic ones);
   * returns how many split. 0 on a node without size statistics (the in-memory engine).
   */
  public int checkSplits() {
    return splitChecker == null ? 0 : splitChecker.checkOnce();
  }

  /** True when this start bootstrapped the cluster (created its first region here). */
  public boolean bootstrappedCluster() {
    return bootstrappedCluster;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeAll(closeInReverse);
    LOG.info("storage node: store {} stopped", storeId);
  }

  private static void closeAll(Deque<AutoCloseable> built) {
    while (!built.isEmpty()) {
      AutoCloseable c = built.pop();
      try {
        c.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warn("error while stopping {}: {}", c, e.toString());
      }
    }
  }

  /**
   * The registrar's durable memory: the ident in the meta store; the cluster's first region
   * created by {@code createFirst} (persisted, then served).
   */
  private record RegistrarMeta(NodeMetaStore meta, java.util.function.Consumer<RegionMeta> createFirst)
      implements LocalStoreMeta {

    @Override
    public StoreIdent loadIdent() {
      return meta.loadIdent();
    }

    @Override
    public void saveIdent(StoreIdent ident) {
      meta.saveIdent(ident);
    }

    @Override
    public void createFirstRegion(Region region) {
      createFirst.accept(RegionProtos.fromProto(region));
    }
  }
}
