package io.cairn.storage.node;

import io.cairn.storage.pd.HeartbeatConfig;
import io.cairn.proto.tls.ClusterTls;
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
 * @param pdStartupWait how long a starting node waits for a PD leader (PD may start later or
 *     slowly); only a PD of another cluster fails the start at once
 * @param heartbeat heartbeat timing
 * @param maxInboundMessageBytes largest request accepted
 * @param busyThreshold KV requests in flight before {@code ServerIsBusy}
 * @param drainTimeout how long close waits for requests in flight
 * @param raft null for a node without replication (its regions are metadata in the node's
 *     meta store, writes go straight to the engine: {@code unistore://}); otherwise every
 *     region is a Raft group, hosted by a Raft server with these settings
 * @param splitCheck when a region led here grows big enough to be split (RocksDB only: the
 *     in-memory engine keeps no size statistics)
 * @param stalePeerCheckInterval how often the replicas this store follows are checked against
 *     PD, so one removed from its region while this store was away is deleted (Raft only)
 * @param peerHealth when a region led here reports a replica down or pending (Raft only)
 * @param tls the node's cluster TLS, null for plaintext: when set, the node's gRPC server, its
 *     Raft transport, its PD client (unless {@code pdChannels} was given) and its channels to
 *     other nodes (snapshot fetches) all use mutual TLS. The caller owns it and closes it
 *     after the node.
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
    Duration pdStartupWait,
    HeartbeatConfig heartbeat,
    int maxInboundMessageBytes,
    int busyThreshold,
    Duration drainTimeout,
    Raft raft,
    SplitCheck splitCheck,
    Duration stalePeerCheckInterval,
    PeerHealth peerHealth,
    ClusterTls tls) {

  /**
   * Size-based splits: a region led by this store is split near the middle of its data once it
   * holds more than {@code regionSplitSize} bytes or {@code regionSplitKeys} keys (TiKV's
   * {@code region-split-size} and {@code region-split-keys}). Bytes count keys and values of
   * the transactional data (CF write and default) and the raw data; keys count committed
   * versions and raw keys.
   *
   * @param regionSplitSize bytes above which a region splits; positive
   * @param regionSplitKeys keys above which a region splits; positive
   * @param interval how often the led regions are checked
   */
  public record SplitCheck(long regionSplitSize, long regionSplitKeys, Duration interval) {
    public SplitCheck {
      if (regionSplitSize <= 0 || regionSplitKeys <= 0) {
        throw new IllegalArgumentException("split thresholds must be positive: "
            + regionSplitSize + " bytes, " + regionSplitKeys + " keys");
      }
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("split check interval must be positive: " + interval);
      }
    }

    /** TiKV's defaults: 96 MiB, 960 000 keys, checked every 10 s. */
    public static SplitCheck defaults() {
      return new SplitCheck(96L << 20, 960_000, Duration.ofSeconds(10));
    }
  }

  /**
   * The Raft side of a replicated node: Ratis's logs live under {@code dataDir/raft}, apart
   * from the engine under {@code dataDir/db}.
   *
   * @param host the address the Raft server listens on
   * @param port the Raft port (one for all regions of the store); must be fixed, since the
   *     other replicas record it
   * @param advertiseAddress the {@code host:port} other stores reach this one's Raft server
   *     at; null means {@code host:port}
   * @param electionTimeoutMin lower bound of the randomized election timeout (≥ 1 s on loaded
   *     machines; a group's first election waits a quarter to half of it)
   * @param electionTimeoutMax upper bound of the election timeout
   * @param requestTimeout how long a proposal may go without an outcome ({@code StaleCommand}
   *     then) and a read barrier without an answer
   * @param safeTsInterval how often the regions led here publish their safe ts to their
   *     followers for stale reads (TiKV's {@code advance-ts-interval})
   */
  public record Raft(String host, int port, String advertiseAddress, Duration electionTimeoutMin,
      Duration electionTimeoutMax, Duration requestTimeout, Duration safeTsInterval) {
    public Raft {
      Objects.requireNonNull(host, "host");
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("the Raft port must be fixed, not " + port);
      }
      Objects.requireNonNull(electionTimeoutMin, "electionTimeoutMin");
      Objects.requireNonNull(electionTimeoutMax, "electionTimeoutMax");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(safeTsInterval, "safeTsInterval");
      if (safeTsInterval.isNegative() || safeTsInterval.isZero()) {
        throw new IllegalArgumentException("safe ts interval must be positive: " + safeTsInterval);
      }
    }

    /** Listens on {@code host:port}, elections after 1–2 s, 5 s requests, safe ts every 1 s. */
    public static Raft at(String host, int port) {
      return new Raft(host, port, null, Duration.ofSeconds(1), Duration.ofSeconds(2),
          Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    public String address() {
      return advertiseAddress != null ? advertiseAddress : host + ":" + port;
    }

    public Raft withElectionTimeout(Duration min, Duration max) {
      return new Raft(host, port, advertiseAddress, min, max, requestTimeout, safeTsInterval);
    }

    public Raft withSafeTsInterval(Duration interval) {
      return new Raft(host, port, advertiseAddress, electionTimeoutMin, electionTimeoutMax,
          requestTimeout, interval);
    }

    public Raft withAdvertiseAddress(String address) {
      return new Raft(host, port, address, electionTimeoutMin, electionTimeoutMax,
          requestTimeout, safeTsInterval);
    }
  }

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
    Objects.requireNonNull(pdStartupWait, "pdStartupWait");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (raft != null && engine != EngineKind.ROCKSDB) {
      throw new IllegalArgumentException("Raft replication needs the rocksdb engine (its applied"
          + " index must survive a restart together with the data)");
    }
    Objects.requireNonNull(splitCheck, "splitCheck");
    Objects.requireNonNull(stalePeerCheckInterval, "stalePeerCheckInterval");
    Objects.requireNonNull(peerHealth, "peerHealth");
    if (stalePeerCheckInterval.isNegative() || stalePeerCheckInterval.isZero()) {
      throw new IllegalArgumentException("stale peer check interval must be positive");
    }
    if (tls != null && inProcessName != null) {
      throw new IllegalArgumentException("TLS needs the network transport, not in-process "
          + inProcessName);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Defaults: RocksDB, 127.0.0.1:20160, no labels, PD calls with a 10 s deadline, TiKV's
   * heartbeat timing, 64 MiB messages, 1024 requests in flight, 10 s drain, no replication,
   * TiKV's split thresholds ({@link SplitCheck#defaults()}), stale replicas checked every
   * minute.
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
    private Duration pdStartupWait = Duration.ofMinutes(2);
    private HeartbeatConfig heartbeat = HeartbeatConfig.defaults();
    private int busyThreshold = 1024;
    private Duration drainTimeout = Duration.ofSeconds(10);
    private Raft raft;
    private long regionSplitSize = SplitCheck.defaults().regionSplitSize();
    private long regionSplitKeys = SplitCheck.defaults().regionSplitKeys();
    private Duration splitCheckInterval = SplitCheck.defaults().interval();
    private Duration stalePeerCheckInterval = Duration.ofMinutes(1);
    private PeerHealth peerHealth = PeerHealth.defaults();
    private ClusterTls tls;

    /** Mutual TLS on every connection of the node; null (the default) for plaintext. */
    public Builder tls(ClusterTls v) {
      tls = v;
      return this;
    }

    /** Bytes above which a led region splits (default 96 MiB). */
    public Builder regionSplitSize(long v) {
      regionSplitSize = v;
      return this;
    }

    /** Keys above which a led region splits (default 960 000). */
    public Builder regionSplitKeys(long v) {
      regionSplitKeys = v;
      return this;
    }

    /** How often led regions are checked for a split (default 10 s). */
    public Builder splitCheckInterval(Duration v) {
      splitCheckInterval = v;
      return this;
    }

    /** How often followed replicas are checked against PD (default 1 min). */
    public Builder peerHealth(PeerHealth v) {
      peerHealth = v;
      return this;
    }

    public Builder stalePeerCheckInterval(Duration v) {
      stalePeerCheckInterval = v;
      return this;
    }

    /** Default null: no replication. */
    public Builder raft(Raft v) {
      raft = v;
      return this;
    }

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

    public Builder pdStartupWait(Duration v) {
      pdStartupWait = v;
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
          pdChannels != null ? pdChannels : PdChannelFactory.standard(maxInboundMessageBytes, tls),
          pdRequestTimeout, pdStartupWait, heartbeat, maxInboundMessageBytes, busyThreshold, drainTimeout, raft,
          new SplitCheck(regionSplitSize, regionSplitKeys, splitCheckInterval),
          stalePeerCheckInterval, peerHealth, tls);
    }
  }
}
