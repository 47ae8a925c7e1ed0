package io.cairn.tikv.rpc;

import io.cairn.proto.metapb.Store;
import io.cairn.tikv.region.RegionCache;
import io.cairn.tikv.region.StoreProbe;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Probes a store with {@code grpc.health.v1.Health/Check} (empty service name: the whole
 * server) over the pooled channels, with a deadline. Thread-safe.
 */
public final class GrpcHealthProbe implements StoreProbe {

  private final RegionCache cache;
  private final ConnectionPool pool;
  private final Duration timeout;

  public GrpcHealthProbe(RegionCache cache, ConnectionPool pool, Duration timeout) {
    this.cache = cache;
    this.pool = pool;
    this.timeout = timeout;
  }

  @Override
  public boolean isServing(long storeId) {
    Store store = cache.store(storeId).orElse(null);
    if (store == null) {
      return false;
    }
    try {
      HealthCheckResponse r =
          HealthGrpc.newBlockingStub(pool.channel(store.getAddress()))
              .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .check(HealthCheckRequest.getDefaultInstance());
      return r.getStatus() == HealthCheckResponse.ServingStatus.SERVING;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }
}
