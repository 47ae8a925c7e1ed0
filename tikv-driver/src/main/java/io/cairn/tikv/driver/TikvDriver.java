package io.cairn.tikv.driver;

import io.cairn.kv.Driver;
import io.cairn.kv.ErrorCode;
import io.cairn.kv.KvException;
import io.cairn.kv.Storage;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.copr.CopConfig;
import io.cairn.tikv.pd.PdException;
import io.cairn.tikv.rpc.NettyChannelFactory;
import io.cairn.tikv.txn.TikvStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code tikv://host:port[,host:port...][?options]}: the driver over a real cluster, reached
 * through the PD members listed, over Netty.
 *
 * <p>Options, with TiDB's names ({@code [tikv-client]} of tidb.toml) where TiDB has them:
 *
 * <table>
 *   <caption>tikv:// options</caption>
 *   <tr><th>option</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code pd-timeout}</td><td>deadline of PD calls, a duration ({@code 500ms},
 *       {@code 3s}, {@code 10m})</td><td>3s</td></tr>
 *   <tr><td>{@code grpc-connection-count}</td><td>channels per store, 1–64</td><td>4</td></tr>
 *   <tr><td>{@code grpc-keepalive-time}</td><td>idle time before a ping, a duration</td>
 *       <td>10s</td></tr>
 *   <tr><td>{@code grpc-keepalive-timeout}</td><td>how long a ping may go unanswered, a
 *       duration</td><td>3s</td></tr>
 *   <tr><td>{@code region-cache-ttl}</td><td>a duration</td><td>10m</td></tr>
 *   <tr><td>{@code store-limit}</td><td>requests in flight per store, 0 (no limit) to
 *       1000000</td><td>0</td></tr>
 *   <tr><td>{@code copr-cache.capacity-mb}</td><td>coprocessor result cache, a decimal
 *       number of MiB; 0 disables it</td><td>64</td></tr>
 *   <tr><td>{@code cluster-ssl-ca}</td><td>PEM file of the cluster CA: TLS to PD and the
 *       stores (TiDB's {@code [security] cluster-ssl-ca})</td><td>none (plaintext)</td></tr>
 *   <tr><td>{@code cluster-ssl-cert}, {@code cluster-ssl-key}</td><td>PEM certificate and
 *       PKCS#8 key the driver presents (mutual TLS, which Cairn's servers require); re-read
 *       when the files change</td><td>none</td></tr>
 * </table>
 *
 * Anything else is refused. The store cache key is the URL with the endpoints as given
 * (trimmed) and the options sorted. The storage keeps its reads above PD's GC safe point; it
 * runs no GC worker (advancing the safe point is left to whoever runs GC). Thread-safe.
 */
public final class TikvDriver implements Driver {

  static final Set<String> OPTIONS = Set.of("pd-timeout", "grpc-connection-count",
      "grpc-keepalive-time", "grpc-keepalive-timeout", "region-cache-ttl", "store-limit",
      "copr-cache.capacity-mb", "cluster-ssl-ca", "cluster-ssl-cert", "cluster-ssl-key");

  private final StoreCache cache;

  /** A driver on the process-wide {@link StoreCache#PROCESS}, as ServiceLoader builds it. */
  public TikvDriver() {
    this(StoreCache.PROCESS);
  }

  public TikvDriver(StoreCache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public String scheme() {
    return "tikv";
  }

  /**
   * @throws KvException {@code PD_SERVER_TIMEOUT} when no PD member answers
   */
  @Override
  public Storage open(String url) {
    StorageUrl parsed = StorageUrl.parse(url, scheme(), OPTIONS);
    List<String> endpoints = endpoints(parsed.path(), url);
    StorageUrl normalized = parsed.withPath(String.join(",", endpoints));
    TikvClientConfig client = clientConfig(parsed);
    CopConfig cop = copConfig(parsed);
    String key = normalized.normalized();
    return cache.open(key, () -> {
      try {
        NettyChannelFactory channels = new NettyChannelFactory(client);
        try {
          return new StoreCache.Built(TikvStorage.open(key, endpoints, client,
              TxnConfig.defaults(), cop, channels), channels);
        } catch (RuntimeException e) {
          channels.close();
          throw e;
        }
      } catch (PdException e) {
        throw new KvException(ErrorCode.PD_SERVER_TIMEOUT, e, e.getMessage());
      }
    });
  }

  static List<String> endpoints(String path, String url) {
    if (path.isBlank()) {
      throw new IllegalArgumentException("tikv:// needs PD endpoints host:port[,host:port]: "
          + url);
    }
    List<String> out = new ArrayList<>();
    for (String e : path.split(",", -1)) {
      String ep = e.trim();
      int colon = ep.lastIndexOf(':');
      if (colon <= 0 || colon == ep.length() - 1) {
        throw new IllegalArgumentException("PD endpoint must be host:port: '" + ep + "' in "
            + url);
      }
      try {
        int port = Integer.parseInt(ep.substring(colon + 1));
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("PD port out of range: '" + ep + "' in " + url);
        }
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("bad PD port: '" + ep + "' in " + url, ex);
      }
      out.add(ep);
    }
    return out;
  }

  /** The client configuration the URL's options ask for. */
  static TikvClientConfig clientConfig(StorageUrl url) {
    TikvClientConfig c = TikvClientConfig.defaults();
    Duration pdTimeout = url.durationOption("pd-timeout");
    if (pdTimeout != null) {
      c = c.withPdTimeout(pdTimeout);
    }
    if (url.options().containsKey("grpc-connection-count")) {
      c = c.withGrpcConnectionCount(url.intOption("grpc-connection-count", 4, 1, 64));
    }
    Duration ttl = url.durationOption("region-cache-ttl");
    if (ttl != null) {
      c = c.withRegionCacheTtl(ttl, c.regionCacheTtlJitter());
    }
    Duration keepAliveTime = url.durationOption("grpc-keepalive-time");
    Duration keepAliveTimeout = url.durationOption("grpc-keepalive-timeout");
    if (keepAliveTime != null || keepAliveTimeout != null) {
      c = c.withKeepAlive(keepAliveTime != null ? keepAliveTime : c.grpcKeepAliveTime(),
          keepAliveTimeout != null ? keepAliveTimeout : c.grpcKeepAliveTimeout());
    }
    if (url.options().containsKey("store-limit")) {
      c = c.withStoreLimit(url.intOption("store-limit", 0, 0, 1_000_000));
    }
    String ca = url.options().get("cluster-ssl-ca");
    String cert = url.options().get("cluster-ssl-cert");
    String key = url.options().get("cluster-ssl-key");
    if (ca != null || cert != null || key != null) {
      c = c.withSecurity(new TikvClientConfig.Security(path(ca), path(cert), path(key)));
    }
    return c;
  }

  private static java.nio.file.Path path(String option) {
    return option == null || option.isBlank() ? null : java.nio.file.Path.of(option);
  }

  /** The coprocessor configuration the URL's options ask for. */
  static CopConfig copConfig(StorageUrl url) {
    CopConfig c = CopConfig.defaults();
    String mb = url.options().get("copr-cache.capacity-mb");
    if (mb != null) {
      c = c.withCacheCapacityBytes(CopConfig.capacityFromMib("option copr-cache.capacity-mb", mb));
    }
    return c;
  }
}
