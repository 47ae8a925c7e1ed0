package io.cairn.storage.raft;

import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import java.util.List;

/**
 * The region errors of the Raft side, as the {@link RegionError} variants the gRPC layer
 * already answers, so a Raft-backed region engine passes them through unchanged:
 *
 * <ul>
 *   <li>not leader → {@link RegionError.NotLeader} with the leader's peer as hint;
 *   <li>leadership or term changed with the command in flight → {@link RegionError.StaleCommand};
 *   <li>no replica here → {@link RegionError.RegionNotFound};
 *   <li>the command's epoch is stale → {@link RegionError.EpochNotMatch} with the region now;
 *   <li>the group cannot serve in time (no quorum, timeout, shutting down) →
 *       {@link RegionError.ServerIsBusy}, which clients back off on and retry; the detail
 *       stays in the exception's message and cause; so is a split asked for while a
 *       membership change is half done.
 * </ul>
 */
final class RaftErrors {
  private RaftErrors() {}

  /**
   * @param meta the region as this replica knows it, for the leader's peer id; may be null
   * @param leaderStoreId the leader's store, 0 when no leader is known (no hint)
   */
  static RegionException notLeader(long regionId, RegionMeta meta, long leaderStoreId) {
    PeerMeta hint = null;
    if (leaderStoreId != 0) {
      hint = meta == null ? null : meta.peerOn(leaderStoreId);
      if (hint == null) {
        // The leader's store is not in this replica's meta yet (a membership change not yet
        // applied here); the store is what a client routes by, so it still gets the hint.
        hint = new PeerMeta(0, leaderStoreId);
      }
    }
    return new RegionException(new RegionError.NotLeader(regionId, hint),
        "region " + regionId + ": not leader, leader hint store " + leaderStoreId, null);
  }

  static RegionException staleCommand(long regionId, String detail, Throwable cause) {
    return new RegionException(new RegionError.StaleCommand(regionId),
        "region " + regionId + ": stale command: " + detail, cause);
  }

  static RegionException regionNotFound(long regionId, Throwable cause) {
    return new RegionException(new RegionError.RegionNotFound(regionId),
        "region " + regionId + ": region not found on this store", cause);
  }

  static RegionException epochNotMatch(RegionMeta current) {
    return new RegionException(new RegionError.EpochNotMatch(List.of(current)),
        "region " + current.id() + ": epoch not match, current " + current, null);
  }

  /** A split (or another change of the region's shape) while its replicas are changing. */
  static RegionException changingPeers(long regionId, String detail) {
    String reason = "region " + regionId + " is changing its replicas: " + detail;
    return new RegionException(new RegionError.ServerIsBusy(reason, 0), reason, null);
  }

  static RegionException unavailable(long regionId, String detail, Throwable cause) {
    String reason = "raft group of region " + regionId + " unavailable: " + detail;
    return new RegionException(new RegionError.ServerIsBusy(reason, 0), reason, cause);
  }
}
