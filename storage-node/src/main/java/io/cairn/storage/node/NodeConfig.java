package io.cairn.storage.node;

import io.cairn.storage.pd.HeartbeatConfig;
import io.cairn.storage.pd.PdChannelFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link StorageNode} is set up. Build with {@link #builder()}.
 *
 * @param pdEndpoints the PD members ({@code host:port}, {@code http://host:port} or
 *     {@code inprocess://name}); never empty
 * @param engine the engine kind
 * @param dataDir the node's directory (RocksDB under {@code dataDir/db}); required for
 *     {@link EngineKind#ROCKSDB}, ignored for {@link EngineKind#MEMORY}
 * @param host the address to listen on (network transport)
 * @param port the port to listen on; 0 picks a free one
 * @param advertiseAddress the {@code host:port} PD tells clients; null means {@code host:port}
 *     (network) or the in-process name
 * @param statusAddress the status HTTP address reported to PD; null when there is none
 * @param labels placement labels (zone, host, ...)
 * @param inProcessName when set, serve on gRPC's in-process transport under this name instead
 *     of the network
 * @param pdChannels dials PD
 * @param pdRequestTimeout deadline of every unary PD call
 * @param heartbeat heartbeat timing
 * @param maxInboundMessageBytes largest request accepted
 * @param busyThreshold KV requests in flight before {@code ServerIsBusy}
 * @param drainTimeout how long close waits for requests in flight
 */
public record NodeConfig(
    List<String> pdEndpoints,
    EngineKind engine,
    Path dataDir,
    String host,
    int port,
    String advertiseAddress,
    String statusAddress,
    Map<String, String> labels,
    String inProcessName,
    PdChannelFactory pdChannels,
    Duration pdRequestTimeout,
    HeartbeatConfig heartbeat,
    int maxInboundMessageBytes,
    int busyThreshold,
    Duration drainTimeout) {

  public NodeConfig {
    pdEndpoints = List.copyOf(pdEndpoints);
    if (pdEndpoints.isEmpty()) {
      throw new IllegalArgumentException("a node needs at least one PD endpoint");
    }
    Objects.requireNonNull(engine, "engine");
    if (engine == EngineKind.ROCKSDB && dataDir == null) {
      throw new IllegalArgumentException("the rocksdb engine needs a data dir");
    }
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("bad port " + port);
    }
    labels = Map.copyOf(labels);
    Objects.requireNonNull(pdChannels, "pdChannels");
    Objects.requireNonNull(pdRequestTimeout, "pdRequestTimeout");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Defaults: RocksDB, 127.0.0.1:20160, no labels, PD calls with a 10 s deadline, TiKV's
   * heartbeat timing, 64 MiB messages, 1024 requests in flight, 10 s drain.
   */
  public static final class Builder {
    private List<String> pdEndpoints = List.of();
    private EngineKind engine = EngineKind.ROCKSDB;
    private Path dataDir;
    private String host = "127.0.0.1";
    private int port = 20160;
    private String advertiseAddress;
    private String statusAddress;
    private Map<String, String> labels = Map.of();
    private String inProcessName;
    private int maxInboundMessageBytes = 64 << 20;
    private PdChannelFactory pdChannels;
    private Duration pdRequestTimeout = Duration.ofSeconds(10);
    private HeartbeatConfig heartbeat = HeartbeatConfig.defaults();
    private int busyThreshold = 1024;
    private Duration drainTimeout = Duration.ofSeconds(10);

    public Builder pdEndpoints(List<String> v) {
      pdEndpoints = v;
      return this;
    }

    public Builder engine(EngineKind v) {
      engine = v;
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

    public Builder statusAddress(String v) {
      statusAddress = v;
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

    /** Default: the standard factory ({@link PdChannelFactory#standard}). */
    public Builder pdChannels(PdChannelFactory v) {
      pdChannels = v;
      return this;
    }

    public Builder pdRequestTimeout(Duration v) {
      pdRequestTimeout = v;
      return this;
    }

    public Builder heartbeat(HeartbeatConfig v) {
      heartbeat = v;
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

    public NodeConfig build() {
      return new NodeConfig(pdEndpoints, engine, dataDir, host, port, advertiseAddress,
          statusAddress, labels, inProcessName,
          pdChannels != null ? pdChannels : PdChannelFactory.standard(maxInboundMessageBytes),
          pdRequestTimeout, heartbeat, maxInboundMessageBytes, busyThreshold, drainTimeout);
    }
  }
}
