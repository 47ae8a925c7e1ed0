package io.cairn.storage.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link StorageNodeServer} is set up. Build with {@link #builder()}.
 *
 * @param storeId this store's id (PD assigns it; 1 for a lone node)
 * @param dataDir where RocksDB keeps the data; null runs on an in-memory engine
 * @param host the address to listen on (network transport only)
 * @param port the port to listen on; 0 picks a free one (see {@link StorageNodeServer#port()})
 * @param advertiseAddress the {@code host:port} clients are told to use; null means
 *     {@code host:port}
 * @param labels store labels (e.g. zone, host) reported to PD for placement
 * @param inProcessName when set, the node serves on gRPC's in-process transport under this
 *     name instead of the network (tests, {@code unistore://})
 * @param maxInboundMessageBytes largest request accepted (enforced by the network transport;
 *     the in-process one passes messages without serializing them)
 * @param busyThreshold KV requests allowed in flight before {@code ServerIsBusy}
 * @param drainTimeout how long shutdown waits for requests in flight
 */
public record StorageNodeConfig(
    long storeId,
    Path dataDir,
    String host,
    int port,
    String advertiseAddress,
    Map<String, String> labels,
    String inProcessName,
    int maxInboundMessageBytes,
    int busyThreshold,
    Duration drainTimeout) {

  public StorageNodeConfig {
    if (storeId <= 0) {
      throw new IllegalArgumentException("storeId must be positive: " + storeId);
    }
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("bad port " + port);
    }
    labels = Map.copyOf(labels);
    if (maxInboundMessageBytes <= 0 || busyThreshold <= 0) {
      throw new IllegalArgumentException("maxInboundMessageBytes and busyThreshold must be positive");
    }
    Objects.requireNonNull(drainTimeout, "drainTimeout");
  }

  /** The address clients should use. */
  public String clientAddress(int boundPort) {
    return advertiseAddress != null ? advertiseAddress : host + ":" + boundPort;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: store 1, in memory, 127.0.0.1:20160, 64 MiB messages, 1024 in flight, 10 s drain. */
  public static final class Builder {
    private long storeId = 1;
    private Path dataDir;
    private String host = "127.0.0.1";
    private int port = 20160;
    private String advertiseAddress;
    private Map<String, String> labels = Map.of();
    private String inProcessName;
    private int maxInboundMessageBytes = 64 << 20;
    private int busyThreshold = 1024;
    private Duration drainTimeout = Duration.ofSeconds(10);

    public Builder storeId(long v) {
      storeId = v;
      return this;
    }

    public Builder dataDir(Path v) {
      dataDir = v;
      return this;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder advertiseAddress(String v) {
      advertiseAddress = v;
      return this;
    }

    public Builder labels(Map<String, String> v) {
      labels = v;
      return this;
    }

    public Builder inProcessName(String v) {
      inProcessName = v;
      return this;
    }

    public Builder maxInboundMessageBytes(int v) {
      maxInboundMessageBytes = v;
      return this;
    }

    public Builder busyThreshold(int v) {
      busyThreshold = v;
      return this;
    }

    public Builder drainTimeout(Duration v) {
      drainTimeout = v;
      return this;
    }

    public StorageNodeConfig build() {
      return new StorageNodeConfig(storeId, dataDir, host, port, advertiseAddress, labels,
          inProcessName, maxInboundMessageBytes, busyThreshold, drainTimeout);
    }
  }
}
