package io.cairn.storage.raft;

import io.cairn.storage.region.RegionMeta;

/**
 * A region-level failure of a {@link RegionPeer} call. Each subclass carries the routing
 * facts the node turns into the protocol's region error (protocol.md); none of them means
 * the command was applied.
 */
public abstract sealed class RegionException extends RuntimeException {
  private final long regionId;

  RegionException(long regionId, String message, Throwable cause) {
    super("region " + regionId + ": " + message, cause);
    this.regionId = regionId;
  }

  public long regionId() {
    return regionId;
  }

  /** This replica is not the leader. {@link #leaderStoreId()} is 0 when no leader is known. */
  public static final class NotLeader extends RegionException {
    private final long leaderStoreId;

    public NotLeader(long regionId, long leaderStoreId) {
      super(regionId, "not leader, leader hint store " + leaderStoreId, null);
      this.leaderStoreId = leaderStoreId;
    }

    public long leaderStoreId() {
      return leaderStoreId;
    }
  }

  /**
   * Leadership or the term changed while the command was in flight; it may or may not be
   * applied later by the new leader, so the client must retry idempotently or check.
   */
  public static final class StaleCommand extends RegionException {
    public StaleCommand(long regionId, String detail, Throwable cause) {
      super(regionId, "stale command: " + detail, cause);
    }
  }

  /** This store hosts no replica of the region (never did, or it was removed). */
  public static final class RegionNotFound extends RegionException {
    public RegionNotFound(long regionId, Throwable cause) {
      super(regionId, "region not found on this store", cause);
    }
  }

  /** The command's epoch is older than the region's; {@link #current()} is the region now. */
  public static final class EpochNotMatch extends RegionException {
    private final RegionMeta current;

    public EpochNotMatch(long regionId, RegionMeta current) {
      super(regionId, "epoch not match, current " + current, null);
      this.current = current;
    }

    public RegionMeta current() {
      return current;
    }
  }

  /** The Raft group could not serve the call in time (no quorum, timeout, shutting down). */
  public static final class Unavailable extends RegionException {
    public Unavailable(long regionId, String detail, Throwable cause) {
      super(regionId, "unavailable: " + detail, cause);
    }
  }
}
