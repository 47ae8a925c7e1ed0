package io.cairn.tikv.driver;

import io.cairn.kv.Driver;
import io.cairn.kv.ErrorCode;
import io.cairn.kv.KvException;
import io.cairn.kv.Storage;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.config.TxnConfig;
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
 * <p>Options: {@code pd-timeout} (deadline of PD calls, e.g. {@code 3s}),
 * {@code grpc-connection-count} (channels per store), {@code region-cache-ttl} (e.g.
 * {@code 10m}); anything else is refused. The store cache key is the URL with the endpoints
 * as given (trimmed) and the options sorted. Safe-point GC is not started: the driver has no
 * GC worker yet. Thread-safe.
 */
public final class TikvDriver implements Driver {

  static final Set<String> OPTIONS = Set.of("pd-timeout", "grpc-connection-count",
      "region-cache-ttl");

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
    String key = normalized.normalized();
    return cache.open(key, () -> {
      try {
        return new StoreCache.Built(TikvStorage.open(key, endpoints, client,
            TxnConfig.defaults(), new NettyChannelFactory(client)), null);
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

  private static TikvClientConfig clientConfig(StorageUrl url) {
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
    return c;
  }
}
