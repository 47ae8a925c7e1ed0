package io.cairn.tikv.rpc;

import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.pd.CodecPdClient;
import io.cairn.tikv.pd.GrpcPdClient;
import io.cairn.tikv.pd.PdClient;
import io.cairn.tikv.region.HealthProber;
import io.cairn.tikv.region.RegionCache;
import io.cairn.tikv.region.StoreHealth;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.random.RandomGenerator;

/**
 * The routing half of the driver assembled from one configuration: PD client (in user keys,
 * through {@link CodecPdClient}), region cache, store health with its prober, connection pool,
 * RPC client and region request sender. The store (kv-interface side) owns one and closes it.
 * Construction that fails part-way closes what it built. {@link #close()} is idempotent; it does
 * not shut down the scheduler, which the caller owns.
 */
public final class RoutingClient implements AutoCloseable {

  private final PdClient pd;
  private final GrpcPdClient pdTransport;
  private final RegionCache regionCache;
  private final RpcClient rpcClient;
  private final RegionRequestSender sender;
  private final HealthProber prober;
  private boolean closed;

  private RoutingClient(PdClient pd, GrpcPdClient pdTransport, RegionCache regionCache, RpcClient rpcClient,
      RegionRequestSender sender, HealthProber prober) {
    this.pd = pd;
    this.pdTransport = pdTransport;
    this.regionCache = regionCache;
    this.rpcClient = rpcClient;
    this.sender = sender;
    this.prober = prober;
  }

  /**
   * Connects to PD and wires the rest.
   *
   * @param channels the transport: {@link NettyChannelFactory} for {@code tikv://}, in-process
   *     channels for {@code unistore://}
   * @param scheduler runs the health probes
   * @param threads makes the TSO dispatcher thread
   */
  public static RoutingClient open(
      List<String> pdEndpoints,
      TikvClientConfig config,
      ChannelFactory channels,
      ScheduledExecutorService scheduler,
      ThreadFactory threads) {
    // Transactional mode: PD and the nodes keep encoded region boundaries, the driver routes
    // user keys. The driver has no raw-KV mode, which would use the GrpcPdClient as it is.
    GrpcPdClient pdTransport = new GrpcPdClient(pdEndpoints, channels, config, threads);
    PdClient pd = new CodecPdClient(pdTransport);
    RpcClient rpc = null;
    try {
      StoreHealth health = new StoreHealth(config.breakerFailureThreshold(), config.breakerOpenDuration(), System::nanoTime);
      RegionCache cache = new RegionCache(pd, config, health, System::nanoTime, RandomGenerator.of("L64X128MixRandom"));
      rpc = new RpcClient(new ConnectionPool(channels, config.grpcConnectionCount()), config.storeLimit());
      RegionRequestSender sender = new RegionRequestSender(cache, rpc, config);
      HealthProber prober = new HealthProber(health, new GrpcHealthProbe(cache, rpc.pool(), config.pdTimeout()));
      prober.start(scheduler, config.healthProbeInterval());
      return new RoutingClient(pd, pdTransport, cache, rpc, sender, prober);
    } catch (RuntimeException e) {
      if (rpc != null) {
        rpc.close();
      }
      pd.close();
      throw e;
    }
  }

  public PdClient pd() {
    return pd;
  }

  /** The PD client in PD's key space under {@link #pd()}, for its TSO counters. */
  public GrpcPdClient pdTransport() {
    return pdTransport;
  }

  public RegionCache regionCache() {
    return regionCache;
  }

  /** Where fault and resource-control interceptors are installed. */
  public RpcClient rpcClient() {
    return rpcClient;
  }

  public RegionRequestSender sender() {
    return sender;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    prober.close();
    rpcClient.close();
    pd.close();
  }
}
