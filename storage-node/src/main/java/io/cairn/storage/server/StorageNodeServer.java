package io.cairn.storage.server;

import io.cairn.proto.tls.ClusterTls;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.engine.rocksdb.RocksEngine;
import io.cairn.storage.engine.rocksdb.RocksEngineOptions;
import io.cairn.storage.gc.GcWorker;
import io.cairn.storage.mvcc.reader.SnapshotReader;
import io.cairn.storage.raw.RawStore;
import io.cairn.storage.region.IdAllocator;
import io.cairn.storage.region.LocalRegionEngine;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionEngine;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import io.cairn.storage.txn.ConcurrencyManager;
import io.cairn.storage.txn.MaxTsSync;
import io.cairn.storage.txn.TxnStore;
import io.cairn.storage.txn.latch.Latches;
import io.cairn.storage.txn.lockwait.DeadlockDetector;
import io.cairn.storage.txn.lockwait.LockWaitManager;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A storage node without replication: an engine (RocksDB at {@code dataDir}, or in memory), the
 * transactional, raw and GC services over a {@link LocalRegionEngine}, and the gRPC server
 * ({@code tikvpb.Tikv} and {@code grpc.health.v1.Health}) on the network or in-process.
 *
 * <p>Standalone (the constructors taking an {@link IdAllocator}), the server opens and owns
 * its engine and starts with the regions it is given, or one region over the whole key space
 * (peer on this store, ids from the allocator); more come from {@code SplitRegion}. Region
 * metadata is not persisted there: a restarted node starts from its initial regions again.
 * Composed (the constructor taking a {@link RegionEngine}), it serves over a region engine and
 * registry its caller built, persists and closes ({@code io.cairn.storage.node.StorageNode}
 * does, with PD registration and heartbeats listening to {@link #regions()}).
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()}, which stops accepting calls,
 * waits up to {@code drainTimeout} for the calls in flight, cancels the rest, and closes the
 * engine if it opened it. Handlers run on virtual threads; the in-flight limit bounds how many do work.
 *
 * <p>Every call passes a {@link NodeCallObserver}: the caller's trace context becomes the
 * call's server span (and the {@code trace_id} of its log lines), and its latency is measured.
 */
public final class StorageNodeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageNodeServer.class);

  private final StorageNodeConfig config;
  private final IdAllocator ids;
  private final CoprocessorHandler coprocessor;
  private final List<RegionMeta> initialRegions;
  private final boolean ownsEngine;
  private final ConcurrencyManager concurrency;
  private final MaxTsSync maxTsSync;
  private KvEngine engine;
  private RegionEngine regionEngine;
  private RegionRegistry registry;
  private ExecutorService executor;
  private HealthStatusManager health;
  private Server server;
  private final List<ServerServiceDefinition> extraServices = new java.util.ArrayList<>();
  private ClusterTls tls;
  private NodeCallObserver calls = new NodeCallObserver(GlobalOpenTelemetry::get);

  /**
   * @param ids allocates region and peer ids (PD's, or a local counter)
   * @param coprocessor runs coprocessor requests; {@link CoprocessorHandler#UNSUPPORTED} until
   *     the DAG executor exists
   */
  public StorageNodeServer(StorageNodeConfig config, IdAllocator ids, CoprocessorHandler coprocessor) {
    this(config, ids, coprocessor, List.of());
  }

  /**
   * @param initialRegions the regions to serve from the start (each with a peer on this store,
   *     led by it, not overlapping); empty means one region over the whole key space
   */
  public StorageNodeServer(StorageNodeConfig config, IdAllocator ids, CoprocessorHandler coprocessor,
      List<RegionMeta> initialRegions) {
    this.config = config;
    this.ids = ids;
    this.coprocessor = coprocessor;
    this.initialRegions = List.copyOf(initialRegions);
    this.ownsEngine = true;
    // the only store of its regions: every read of them goes through this max_ts
    this.concurrency = new ConcurrencyManager();
    this.maxTsSync = MaxTsSync.ALWAYS_SYNCED;
  }

  /**
   * A server over a region engine the caller owns: the caller opened the engine under it,
   * fills and persists {@code registry}, and closes both after this server.
   *
   * @param regionEngine the seam every request goes through ({@link LocalRegionEngine}, or a
   *     Raft-backed one)
   * @param registry the regions {@code regionEngine} routes by; its store id must be the
   *     config's
   * @param concurrency the store's max_ts (one per store)
   * @param maxTsSync whether a region's max_ts covers its reads since this store leads it
   */
  public StorageNodeServer(StorageNodeConfig config, RegionEngine regionEngine,
      RegionRegistry registry, CoprocessorHandler coprocessor, ConcurrencyManager concurrency,
      MaxTsSync maxTsSync) {
    if (registry.storeId() != config.storeId()) {
      throw new IllegalArgumentException("registry of store " + registry.storeId()
          + " for a server configured as store " + config.storeId());
    }
    this.config = config;
    this.ids = null;
    this.coprocessor = coprocessor;
    this.initialRegions = List.of();
    this.ownsEngine = false;
    this.regionEngine = regionEngine;
    this.registry = registry;
    this.concurrency = concurrency;
    this.maxTsSync = maxTsSync;
  }

  /**
   * Serves {@code service} too (a node-internal service, such as Raft's region snapshot
   * transfer); only before {@link #start()}.
   */
  public synchronized StorageNodeServer addService(ServerServiceDefinition service) {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    extraServices.add(service);
    return this;
  }

  /**
   * Serves over mutual TLS with {@code tls} (network transport only; the caller keeps owning
   * it and closes it after this server); only before {@link #start()}.
   */
  public synchronized StorageNodeServer tls(ClusterTls tls) {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    if (tls != null && config.inProcessName() != null) {
      throw new IllegalArgumentException("TLS needs the network transport, not in-process "
          + config.inProcessName());
    }
    this.tls = tls;
    return this;
  }

  /**
   * Watches the calls with {@code observer} instead of the default one (which traces with the
   * process's {@code GlobalOpenTelemetry}); only before {@link #start()}.
   */
  public synchronized StorageNodeServer observeCalls(NodeCallObserver observer) {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    calls = java.util.Objects.requireNonNull(observer, "observer");
    return this;
  }

  /** The observer of every call: trace context and the latency histogram to register. */
  public synchronized NodeCallObserver callObserver() {
    return calls;
  }

  /** Opens the engine and starts serving. */
  public synchronized StorageNodeServer start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    if (ownsEngine) {
      engine = config.dataDir() == null ? new MemoryEngine()
          : RocksEngine.open(RocksEngineOptions.builder(config.dataDir()).build());
      registry = new RegionRegistry(config.storeId(), ids);
      if (initialRegions.isEmpty()) {
        registry.add(new RegionMeta(ids.allocate(), null, null, new RegionEpoch(1, 1),
            List.of(new PeerMeta(ids.allocate(), config.storeId()))));
      } else {
        initialRegions.forEach(registry::add);
      }
      regionEngine = new LocalRegionEngine(engine, registry);
    }
    Latches latches = new Latches(4096);
    KvService service = new KvService(regionEngine,
        new TxnStore(regionEngine, latches, new LockWaitManager(new DeadlockDetector()),
            concurrency, maxTsSync),
        new SnapshotReader(regionEngine), new RawStore(regionEngine, latches),
        new GcWorker(regionEngine, 256), coprocessor,
        new InflightLimiter(config.busyThreshold()), concurrency);
    health = new HealthStatusManager();
    executor = Executors.newVirtualThreadPerTaskExecutor();
    ServerBuilder<?> builder = config.inProcessName() != null
        ? InProcessServerBuilder.forName(config.inProcessName())
        : NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()));
    if (tls != null) {
      ((NettyServerBuilder) builder).sslContext(tls.serverContext());
    }
    builder.executor(executor)
        .maxInboundMessageSize(config.maxInboundMessageBytes())
        .addService(service)
        .addService(health.getHealthService())
        .intercept(calls);
    extraServices.forEach(builder::addService);
    server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException("cannot serve on " + config.host() + ":" + config.port(), e);
    }
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus("tikvpb.Tikv", ServingStatus.SERVING);
    LOG.info("storage node {} serving at {}", config.storeId(),
        config.inProcessName() != null ? "in-process:" + config.inProcessName()
            : config.clientAddress(port()));
    return this;
  }

  /** The bound port (network transport), -1 in-process. */
  public int port() {
    return server.getPort();
  }

  /** The address to advertise to PD and clients. */
  public String clientAddress() {
    return config.clientAddress(port());
  }

  public StorageNodeConfig config() {
    return config;
  }

  /** The regions this node serves; add a {@code RegionChangeListener} to hear of splits. */
  public RegionRegistry regions() {
    return registry;
  }

  /**
   * The seam the node's commands run on, for in-process callers (unistore).
   *
   * @throws IllegalStateException when the server runs over another {@link RegionEngine}
   */
  public LocalRegionEngine regionEngine() {
    if (regionEngine instanceof LocalRegionEngine local) {
      return local;
    }
    throw new IllegalStateException("the node runs over " + regionEngine.getClass().getName());
  }

  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("requests still in flight after {}; cancelling them", config.drainTimeout());
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    closeQuietly();
  }

  private void closeQuietly() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownsEngine && engine != null) {
      engine.close();
    }
    server = null;
  }
}
