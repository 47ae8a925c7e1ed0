package io.cairn.tikv.txn;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.Oracle;
import io.cairn.kv.Snapshot;
import io.cairn.kv.SnapshotOptions;
import io.cairn.kv.Storage;
import io.cairn.kv.StorageClosedException;
import io.cairn.kv.StorageMetric;
import io.cairn.kv.Transaction;
import io.cairn.tikv.config.BackoffBudgets;
import io.cairn.tikv.config.RuntimeSettings;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.copr.CopClient;
import io.cairn.tikv.copr.CopConfig;
import io.cairn.tikv.copr.CopMetrics;
import io.cairn.tikv.copr.CoprCache;
import io.cairn.tikv.gc.SafePointCache;
import io.cairn.tikv.region.InvalidReason;
import io.cairn.tikv.region.RegionCacheMetrics;
import io.cairn.tikv.resource.ResourceControlInterceptor;
import io.cairn.tikv.resource.ResourceGroupContext;
import io.cairn.tikv.resource.ResourceGroupRegistry;
import io.cairn.tikv.resource.RuCostModel;
import io.cairn.tikv.retry.BackoffMetrics;
import io.cairn.tikv.retry.Sleeper;
import io.cairn.tikv.rpc.ChannelFactory;
import io.cairn.tikv.rpc.KvRpc;
import io.cairn.tikv.rpc.RoutingClient;
import io.cairn.tikv.rpc.RpcTracing;
import io.cairn.tikv.snapshot.ReadEnv;
import io.cairn.tikv.snapshot.TikvSnapshot;
import io.cairn.tikv.txn.lock.LockResolver;
import io.cairn.tikv.txn.lock.TsoClock;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The kv-interface {@link Storage} over the TiKV protocol (client-go's {@code KVStore}): PD for
 * timestamps and routing, storage nodes for data, all through one {@link RoutingClient}.
 *
 * <p>The storage owns the routing client, the coprocessor client, a bounded worker pool (region
 * fan-out, asynchronous secondary commits; a task runs in the OpenTelemetry context of the thread
 * that submitted it, so its RPC spans join the caller's trace), one scheduler thread (heartbeats, store health
 * probes), the lock resolver with its resolved-transactions cache, and the oracle. {@link
 * #close()} rolls back the transactions still open, then closes all of it; it is idempotent.
 * Thread-safe.
 *
 * <p>The coprocessor {@link #client()} is a {@link CopClient}; it runs Cairn DAG requests.
 *
 * <p>Every read (a snapshot, a transaction's start, a coprocessor request, each read of a
 * snapshot) is checked against the GC safe point ({@link SafePointCache}). Runtime settings
 * (resource control, replica read, backoff budgets, the coprocessor result cache, RPC tracing)
 * change through {@link #setOption}.
 */
public final class TikvStorage implements Storage {

  private final String description;
  private final RoutingClient routing;
  private final ThreadPoolExecutor pool;
  private final ScheduledExecutorService scheduler;
  private final TxnEnv env;
  private final TikvOracle oracle;
  private final Set<TikvTransaction> open = ConcurrentHashMap.newKeySet();
  private final CopClient client;
  private final SafePointCache safePoint;
  private final ResourceControlInterceptor resourceControl;
  private final StorageOptions options;
  private final BackoffMetrics backoffMetrics = new BackoffMetrics();
  private volatile boolean closed;

  private TikvStorage(String description, RoutingClient routing, ThreadPoolExecutor pool, ScheduledExecutorService scheduler,
      TxnConfig config, TikvClientConfig clientConfig, CopConfig copConfig, SafePointCache safePoint,
      Supplier<OpenTelemetry> openTelemetry) {
    this.description = description;
    this.routing = routing;
    this.pool = pool;
    this.scheduler = scheduler;
    this.safePoint = safePoint;
    RuntimeSettings settings = new RuntimeSettings(BackoffBudgets.defaults(), clientConfig.replicaRead());
    ExecutorService traced = Context.taskWrapping(pool);
    KvRpc rpc = new KvRpc(routing.regionCache(), routing.sender(), traced, backoffMetrics);
    TsoClock tso = new TsoClock(routing.pd());
    LockResolver resolver = new LockResolver(rpc, tso, config.resolveLiteThreshold());
    ReadEnv readEnv = new ReadEnv(rpc, resolver, config.scanBatchSize(), settings, safePoint::checkVisibility, this::checkOpen);
    this.env = new TxnEnv(rpc, resolver, tso, config, traced, scheduler, readEnv);
    CoprCache coprCache = new CoprCache(copConfig.cacheCapacityBytes(), copConfig.cacheAdmissionMaxBytes());
    this.client = new CopClient(rpc, resolver, copConfig, settings, coprCache, safePoint::checkVisibility, this::checkOpen);
    this.oracle = new TikvOracle(tso, System::currentTimeMillis, this::checkOpen, backoffMetrics);
    // Installed switched off: a disabled interceptor costs one volatile read per RPC.
    this.resourceControl = new ResourceControlInterceptor(new ResourceGroupRegistry(System::nanoTime), RuCostModel.DEFAULT,
        ResourceGroupContext.SELECTOR, ResourceControlInterceptor.DEFAULT_MAX_WAIT, Sleeper.SYSTEM, false);
    routing.rpcClient().addInterceptor(resourceControl);
    RpcTracing tracing = new RpcTracing(openTelemetry);
    routing.rpcClient().installTracing(tracing);
    this.options = new StorageOptions(settings, resourceControl, coprCache, tracing);
  }

  /**
   * Connects to the cluster behind {@code pdEndpoints}.
   *
   * @param description how the storage names itself in logs and errors (its URL)
   * @param channels the transport: Netty for {@code tikv://}, in-process for {@code unistore://}
   */
  public static TikvStorage open(
      String description, List<String> pdEndpoints, TikvClientConfig clientConfig, TxnConfig txnConfig, ChannelFactory channels) {
    return open(description, pdEndpoints, clientConfig, txnConfig, CopConfig.defaults(), channels);
  }

  /**
   * Connects to the cluster behind {@code pdEndpoints} (client-go's {@code NewKVStore}): the PD
   * client, the routing half with its region cache, then the GC safe point, read once now (a
   * PD that cannot answer it fails the open) and refreshed every {@link
   * SafePointCache#UPDATE_INTERVAL}. Whatever was built is closed again when a step fails.
   *
   * @param copConfig the coprocessor client's deadline and result cache
   * @throws io.cairn.tikv.pd.PdException when PD cannot be reached
   */
  public static TikvStorage open(String description, List<String> pdEndpoints, TikvClientConfig clientConfig,
      TxnConfig txnConfig, CopConfig copConfig, ChannelFactory channels) {
    // The process's OpenTelemetry (the server installs its SDK there), read when tracing is first switched on.
    return open(description, pdEndpoints, clientConfig, txnConfig, copConfig, channels, GlobalOpenTelemetry::get);
  }

  /**
   * {@link #open(String, List, TikvClientConfig, TxnConfig, CopConfig, ChannelFactory)} with the
   * OpenTelemetry instance RPC tracing uses, asked when tracing is first switched on.
   */
  public static TikvStorage open(String description, List<String> pdEndpoints, TikvClientConfig clientConfig,
      TxnConfig txnConfig, CopConfig copConfig, ChannelFactory channels, Supplier<OpenTelemetry> openTelemetry) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("cairn-tikv-timer"));
    ThreadPoolExecutor pool = new ThreadPoolExecutor(txnConfig.workerThreads(), txnConfig.workerThreads(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemon("cairn-tikv-worker"));
    pool.allowCoreThreadTimeOut(true);
    try {
      RoutingClient routing = RoutingClient.open(pdEndpoints, clientConfig, channels, scheduler, daemon("cairn-tikv-tso"));
      try {
        // No GC worker runs in the driver: it only keeps its reads above the safe point that
        // whoever runs GC has published in PD.
        SafePointCache safePoint = new SafePointCache(routing.pd()::getGcSafePoint, System::nanoTime, SafePointCache.MAX_AGE);
        safePoint.start(scheduler, SafePointCache.UPDATE_INTERVAL);
        return new TikvStorage(description, routing, pool, scheduler, txnConfig, clientConfig, copConfig, safePoint,
            openTelemetry);
      } catch (RuntimeException e) {
        routing.close();
        throw e;
      }
    } catch (RuntimeException e) {
      pool.shutdownNow();
      scheduler.shutdownNow();
      throw e;
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The GC safe point the storage's reads are checked against. */
  public SafePointCache safePoint() {
    return safePoint;
  }

  /** The resource-control interceptor every RPC passes (its registry holds the groups). */
  public ResourceControlInterceptor resourceControl() {
    return resourceControl;
  }

  /** The routing half, for fault injection and metrics. */
  public RoutingClient routing() {
    return routing;
  }

  void checkOpen() {
    if (closed) {
      throw new StorageClosedException(description);
    }
  }

  boolean isClosed() {
    return closed;
  }

  void unregister(TikvTransaction t) {
    open.remove(t);
  }

  @Override
  public Transaction begin(BeginOptions options) {
    checkOpen();
    long startTs = options.startTs().isPresent() ? options.startTs().getAsLong() : oracle.getTimestamp(options.txnScope());
    safePoint.checkVisibility(startTs);
    TikvTransaction t = new TikvTransaction(this, env, options, startTs);
    open.add(t);
    if (closed) {
      open.remove(t);
      t.abortByStorage();
      throw new StorageClosedException(description);
    }
    return t;
  }

  @Override
  public Snapshot snapshot(long ts, SnapshotOptions options) {
    checkOpen();
    safePoint.checkVisibility(ts);
    return new TikvSnapshot(env.readEnv(), ts, options);
  }

  @Override
  public Oracle oracle() {
    return oracle;
  }

  @Override
  public CopClient client() {
    return client;
  }

  @Override
  public String describe() {
    return description;
  }

  /**
   * The driver's counters: the region cache (hits, misses, PD loads, invalidations by reason),
   * the coprocessor client and its result cache, the GC safe point, TSO requests and timestamps
   * (their ratio is the mean batch size), open store connections, the transactions open now,
   * RPC latency histograms by RPC type and outcome ({@link io.cairn.tikv.rpc.RpcMetrics}), and
   * backoff sleeps by kind ({@link BackoffMetrics}).
   */
  @Override
  public List<StorageMetric> metrics() {
    RegionCacheMetrics rc = routing.regionCache().metrics();
    CopMetrics cop = client.metrics();
    List<StorageMetric> out = new ArrayList<>();
    out.add(StorageMetric.counter("cairn_tikv_region_cache_hits", "Region lookups answered from the cache", rc.hits()));
    out.add(StorageMetric.counter("cairn_tikv_region_cache_misses", "Region lookups the cache could not answer", rc.misses()));
    out.add(StorageMetric.counter("cairn_tikv_region_cache_pd_loads", "Regions loaded from PD", rc.pdLoads()));
    for (InvalidReason r : InvalidReason.values()) {
      out.add(new StorageMetric("cairn_tikv_region_cache_invalidations", "Cached regions dropped or changed, by reason",
          StorageMetric.Type.COUNTER, Map.of("reason", r.name().toLowerCase(Locale.ROOT)), rc.invalidations(r)));
    }
    out.add(StorageMetric.counter("cairn_tikv_cop_requests", "Coprocessor requests from the SQL layer", cop.requests()));
    out.add(StorageMetric.counter("cairn_tikv_cop_tasks", "Coprocessor tasks (one per region range)", cop.tasks()));
    out.add(StorageMetric.counter("cairn_tikv_cop_rpcs", "Coprocessor RPCs sent, retries included", cop.rpcs()));
    out.add(StorageMetric.counter("cairn_tikv_cop_region_changes", "Coprocessor tasks split again after a region change",
        cop.regionChanges()));
    out.add(StorageMetric.counter("cairn_tikv_cop_locks_met", "Locks coprocessor reads met and resolved", cop.locksMet()));
    CoprCache cache = client.cache();
    out.add(StorageMetric.counter("cairn_tikv_copr_cache_hits", "Coprocessor region answers served from the result cache", cache.hits()));
    out.add(StorageMetric.counter("cairn_tikv_copr_cache_misses", "Coprocessor result cache lookups that found nothing", cache.misses()));
    out.add(StorageMetric.gauge("cairn_tikv_copr_cache_bytes", "Bytes held by the coprocessor result cache", cache.usedBytes()));
    out.add(StorageMetric.gauge("cairn_tikv_gc_safe_point", "The GC safe point last read from PD", safePoint.safePoint()));
    out.add(StorageMetric.counter("cairn_tikv_tso_requests", "TSO requests sent to PD (one per batch of waiters)",
        routing.pdTransport().tsoRequestsSent()));
    out.add(StorageMetric.counter("cairn_tikv_tso_timestamps", "Timestamps PD handed out; divided by the requests, the mean TSO batch size",
        routing.pdTransport().tsoTimestampsServed()));
    out.add(StorageMetric.gauge("cairn_tikv_grpc_connections", "gRPC channels open to the stores",
        routing.rpcClient().pool().openChannels()));
    out.add(StorageMetric.gauge("cairn_tikv_open_transactions", "Transactions begun and not yet ended", open.size()));
    out.addAll(routing.rpcClient().metrics().readings());
    out.addAll(backoffMetrics.readings());
    return out;
  }

  /**
   * Options: see {@link StorageOptions} ({@code tidb_enable_resource_control}, {@code
   * tidb_replica_read}, {@code cairn_backoff_budget_read_ms}/{@code _write_ms}/{@code _cop_ms},
   * {@code cairn_copr_cache_capacity_mb}, {@code cairn_enable_rpc_trace}, {@code
   * tidb_enable_1pc}).
   */
  @Override
  public void setOption(String name, String value) {
    checkOpen();
    options.set(name, value);
  }

  @Override
  public Map<String, String> options() {
    return options.current();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (TikvTransaction t : new ArrayList<>(open)) {
      t.abortByStorage();
    }
    open.clear();
    client.close();
    safePoint.close();
    pool.shutdownNow();
    scheduler.shutdownNow();
    routing.close();
  }
}
