package io.cairn.tikv.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The routing configuration of the driver, with the keys a TiDB user knows ({@code
 * [tikv-client]} and {@code [pd-client]} of tidb.toml). Immutable; build variants with the
 * {@code with*} methods starting from {@link #defaults()}.
 *
 * @param grpcConnectionCount {@code grpc-connection-count}: channels per store address, used
 *     round-robin
 * @param grpcKeepAliveTime {@code grpc-keepalive-time}: idle time after which a channel pings
 * @param grpcKeepAliveTimeout {@code grpc-keepalive-timeout}: how long a ping may go unanswered
 *     before the channel is closed
 * @param regionCacheTtl {@code region-cache-ttl}: how long a cached region is trusted without use
 *     of PD
 * @param regionCacheTtlJitter the largest random extension added to each region's TTL, so that
 *     regions loaded together do not expire together (client-go uses 60 s)
 * @param storeLimit {@code store-limit}: the most requests in flight to one store, 0 for no limit
 * @param pdTimeout {@code pd-server-timeout}: the deadline of every PD call, TSO included
 * @param readTimeout {@code tikv-client.read-timeout-short}: deadline of a read RPC
 * @param writeTimeout deadline of a write RPC (prewrite, commit, lock)
 * @param breakerFailureThreshold consecutive failed RPCs after which a store is isolated
 * @param breakerOpenDuration how long an isolated store receives no request before one trial
 * @param healthProbeInterval how often unhealthy stores are probed
 * @param localLabels the labels of this client (zone, host...): the "closest" replica is the
 *     one whose store carries all of them
 * @param replicaRead the default replica-read mode of reads
 * @param security TLS settings, {@link Security#NONE} for plaintext
 */
public record TikvClientConfig(
    int grpcConnectionCount,
    Duration grpcKeepAliveTime,
    Duration grpcKeepAliveTimeout,
    Duration regionCacheTtl,
    Duration regionCacheTtlJitter,
    int storeLimit,
    Duration pdTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    int breakerFailureThreshold,
    Duration breakerOpenDuration,
    Duration healthProbeInterval,
    Map<String, String> localLabels,
    ReplicaReadMode replicaRead,
    Security security) {

  public TikvClientConfig {
    if (grpcConnectionCount < 1) {
      throw new IllegalArgumentException("grpc-connection-count must be >= 1: " + grpcConnectionCount);
    }
    if (storeLimit < 0) {
      throw new IllegalArgumentException("store-limit must be >= 0: " + storeLimit);
    }
    if (breakerFailureThreshold < 1) {
      throw new IllegalArgumentException("breaker failure threshold must be >= 1: " + breakerFailureThreshold);
    }
    requirePositive("grpc-keepalive-time", grpcKeepAliveTime);
    requirePositive("grpc-keepalive-timeout", grpcKeepAliveTimeout);
    requirePositive("region-cache-ttl", regionCacheTtl);
    Objects.requireNonNull(regionCacheTtlJitter, "regionCacheTtlJitter");
    if (regionCacheTtlJitter.isNegative()) {
      throw new IllegalArgumentException("negative region cache TTL jitter " + regionCacheTtlJitter);
    }
    requirePositive("pd-server-timeout", pdTimeout);
    requirePositive("read timeout", readTimeout);
    requirePositive("write timeout", writeTimeout);
    requirePositive("breaker open duration", breakerOpenDuration);
    requirePositive("health probe interval", healthProbeInterval);
    localLabels = Map.copyOf(localLabels);
    Objects.requireNonNull(replicaRead, "replicaRead");
    Objects.requireNonNull(security, "security");
  }

  private static void requirePositive(String key, Duration d) {
    Objects.requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive: " + d);
    }
  }

  /** TiDB's defaults. */
  public static TikvClientConfig defaults() {
    return new TikvClientConfig(
        4,
        Duration.ofSeconds(10),
        Duration.ofSeconds(3),
        Duration.ofSeconds(600),
        Duration.ofSeconds(60),
        0,
        Duration.ofSeconds(3),
        Duration.ofSeconds(30),
        Duration.ofSeconds(40),
        5,
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        Map.of(),
        ReplicaReadMode.LEADER,
        Security.NONE);
  }

  public TikvClientConfig withGrpcConnectionCount(int n) {
    return new TikvClientConfig(n, grpcKeepAliveTime, grpcKeepAliveTimeout, regionCacheTtl, regionCacheTtlJitter, storeLimit, pdTimeout, readTimeout, writeTimeout, breakerFailureThreshold, breakerOpenDuration, healthProbeInterval, localLabels, replicaRead, security);
  }

  public TikvClientConfig withKeepAlive(Duration time, Duration timeout) {
    return new TikvClientConfig(grpcConnectionCount, time, timeout, regionCacheTtl, regionCacheTtlJitter, storeLimit, pdTimeout, readTimeout, writeTimeout, breakerFailureThreshold, breakerOpenDuration, healthProbeInterval, localLabels, replicaRead, security);
  }

  public TikvClientConfig withRegionCacheTtl(Duration ttl, Duration jitter) {
    return new TikvClientConfig(grpcConnectionCount, grpcKeepAliveTime, grpcKeepAliveTimeout, ttl, jitter, storeLimit, pdTimeout, readTimeout, writeTimeout, breakerFailureThreshold, breakerOpenDuration, healthProbeInterval, localLabels, replicaRead, security);
  }

  public TikvClientConfig withStoreLimit(int limit) {
    return new TikvClientConfig(grpcConnectionCount, grpcKeepAliveTime, grpcKeepAliveTimeout, regionCacheTtl, regionCacheTtlJitter, limit, pdTimeout, readTimeout, writeTimeout, breakerFailureThreshold, breakerOpenDuration, healthProbeInterval, localLabels, replicaRead, security);
  }

  public TikvClientConfig withPdTimeout(Duration timeout) {
    return new TikvClientConfig(grpcConnectionCount, grpcKeepAliveTime, grpcKeepAliveTimeout, regionCacheTtl, regionCacheTtlJitter, storeLimit, timeout, readTimeout, writeTimeout, breakerFailureThreshold, breakerOpenDuration, healthProbeInterval, localLabels, replicaRead, security);
  }

  public TikvClientConfig withRpcTimeouts(Duration read, Duration write) {
    return new TikvClientConfig(grpcConnectionCount, grpcKeepAliveTime, grpcKeepAliveTimeout, regionCacheTtl, regionCacheTtlJitter, storeLimit, pdTimeout, read, write, breakerFailureThreshold, breakerOpenDuration, healthProbeInterval, localLabels, replicaRead, security);
  }

  public TikvClientConfig withBreaker(int failureThreshold, Duration openDuration) {
    return new TikvClientConfig(grpcConnectionCount, grpcKeepAliveTime, grpcKeepAliveTimeout, regionCacheTtl, regionCacheTtlJitter, storeLimit, pdTimeout, readTimeout, writeTimeout, failureThreshold, openDuration, healthProbeInterval, localLabels, replicaRead, security);
  }

  public TikvClientConfig withLocalLabels(Map<String, String> labels) {
    return new TikvClientConfig(grpcConnectionCount, grpcKeepAliveTime, grpcKeepAliveTimeout, regionCacheTtl, regionCacheTtlJitter, storeLimit, pdTimeout, readTimeout, writeTimeout, breakerFailureThreshold, breakerOpenDuration, healthProbeInterval, labels, replicaRead, security);
  }

  public TikvClientConfig withReplicaRead(ReplicaReadMode mode) {
    return new TikvClientConfig(grpcConnectionCount, grpcKeepAliveTime, grpcKeepAliveTimeout, regionCacheTtl, regionCacheTtlJitter, storeLimit, pdTimeout, readTimeout, writeTimeout, breakerFailureThreshold, breakerOpenDuration, healthProbeInterval, localLabels, mode, security);
  }

  public TikvClientConfig withSecurity(Security s) {
    return new TikvClientConfig(grpcConnectionCount, grpcKeepAliveTime, grpcKeepAliveTimeout, regionCacheTtl, regionCacheTtlJitter, storeLimit, pdTimeout, readTimeout, writeTimeout, breakerFailureThreshold, breakerOpenDuration, healthProbeInterval, localLabels, replicaRead, s);
  }

  /**
   * TLS to PD and the stores ({@code [security] cluster-ssl-ca/cert/key}). All null means
   * plaintext; a CA alone means server-authenticated TLS; CA, certificate and key mean mutual TLS.
   */
  public record Security(Path caFile, Path certFile, Path keyFile) {

    public static final Security NONE = new Security(null, null, null);

    public Security {
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("cluster-ssl-cert and cluster-ssl-key must be set together");
      }
      if (certFile != null && caFile == null) {
        throw new IllegalArgumentException("mutual TLS needs cluster-ssl-ca as well");
      }
    }

    public boolean enabled() {
      return caFile != null;
    }

    public boolean mutual() {
      return certFile != null;
    }
  }
}
