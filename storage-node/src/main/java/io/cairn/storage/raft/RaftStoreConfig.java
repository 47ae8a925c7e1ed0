package io.cairn.storage.raft;

import io.cairn.proto.tls.ClusterTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a store's {@link RaftStore}.
 *
 * @param storeId this store's id, also its Raft peer id
 * @param host the address peers and the node reach this store's Raft port on
 * @param port the Raft port (one per store, shared by all regions)
 * @param raftDir Ratis's storage: one sub-directory per region holding its log and snapshot info
 * @param transport Ratis's server transport
 * @param electionTimeoutMin lower bound of the randomized election timeout (≥ 1 s on shared machines)
 * @param electionTimeoutMax upper bound of the election timeout
 * @param requestTimeout how long a proposal or admin call may take before it fails as unavailable
 * @param readTimeout how long a read barrier may take
 * @param snapshotThreshold applied entries between automatic snapshots (which allow purging the log)
 * @param logSegmentSize the Raft log segment size; only closed segments are purged
 * @param installTimeout how long a snapshot fetch and install may take before it is retried
 * @param tls the store's cluster TLS, used by Raft between peers (gRPC transport only); null
 *     for plaintext. Owned by the caller, closed after the store.
 */
public record RaftStoreConfig(
    long storeId,
    String host,
    int port,
    Path raftDir,
    Transport transport,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration requestTimeout,
    Duration readTimeout,
    long snapshotThreshold,
    long logSegmentSize,
    Duration installTimeout,
    ClusterTls tls) {

  /** Ratis's server RPC. */
  public enum Transport {
    GRPC,
    NETTY
  }

  public RaftStoreConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(raftDir, "raftDir");
    Objects.requireNonNull(transport, "transport");
    if (storeId <= 0) {
      throw new IllegalArgumentException("store id must be positive: " + storeId);
    }
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("bad port " + port);
    }
    if (electionTimeoutMin.compareTo(electionTimeoutMax) >= 0) {
      throw new IllegalArgumentException("election timeout min must be below max");
    }
    if (snapshotThreshold < 1 || logSegmentSize < 1024) {
      throw new IllegalArgumentException("bad snapshot threshold or segment size");
    }
  }

  public String address() {
    return host + ":" + port;
  }

  public static Builder builder(long storeId, String host, int port, Path raftDir) {
    return new Builder(storeId, host, port, raftDir);
  }

  /** Defaults: gRPC, election 1–2 s, 5 s requests and reads, snapshot every 10,000 entries, 8 MiB segments. */
  public static final class Builder {
    private final long storeId;
    private final String host;
    private final int port;
    private final Path raftDir;
    private Transport transport = Transport.GRPC;
    private Duration electionTimeoutMin = Duration.ofSeconds(1);
    private Duration electionTimeoutMax = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(5);
    private long snapshotThreshold = 10_000;
    private long logSegmentSize = 8L << 20;
    private Duration installTimeout = Duration.ofSeconds(60);
    private ClusterTls tls;

    private Builder(long storeId, String host, int port, Path raftDir) {
      this.storeId = storeId;
      this.host = host;
      this.port = port;
      this.raftDir = raftDir;
    }

    public Builder transport(Transport t) {
      this.transport = t;
      return this;
    }

    public Builder electionTimeout(Duration min, Duration max) {
      this.electionTimeoutMin = min;
      this.electionTimeoutMax = max;
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeout = d;
      return this;
    }

    public Builder readTimeout(Duration d) {
      this.readTimeout = d;
      return this;
    }

    public Builder snapshotThreshold(long entries) {
      this.snapshotThreshold = entries;
      return this;
    }

    public Builder logSegmentSize(long bytes) {
      this.logSegmentSize = bytes;
      return this;
    }

    public Builder installTimeout(Duration d) {
      this.installTimeout = d;
      return this;
    }

    /** Mutual TLS between Raft peers; null (the default) for plaintext. */
    public Builder tls(ClusterTls t) {
      this.tls = t;
      return this;
    }

    public RaftStoreConfig build() {
      return new RaftStoreConfig(
          storeId, host, port, raftDir, transport, electionTimeoutMin, electionTimeoutMax,
          requestTimeout, readTimeout, snapshotThreshold, logSegmentSize, installTimeout, tls);
    }
  }
}
