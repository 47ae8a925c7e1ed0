package io.cairn.storage.region;

import java.util.List;

/**
 * Why a request cannot run on this region here and now: the routing facts a client's region
 * cache and backoff react to (kvproto's errorpb.Error; the gRPC layer maps each variant).
 */
public sealed interface RegionError {

  /** This peer is not the leader; {@code leader} is the hint, null when unknown. */
  record NotLeader(long regionId, PeerMeta leader) implements RegionError {}

  /** The request's epoch is stale; {@code currentRegions} replace the client's cached ones. */
  record EpochNotMatch(List<RegionMeta> currentRegions) implements RegionError {
    public EpochNotMatch {
      currentRegions = List.copyOf(currentRegions);
    }
  }

  /** This store holds no peer of the region. */
  record RegionNotFound(long regionId) implements RegionError {}

  /** A key of the request lies outside the region (region keys, see {@link KeyMode}). */
  record KeyNotInRegion(byte[] key, long regionId, byte[] startKey, byte[] endKey)
      implements RegionError {}

  /** The request was addressed to another store. */
  record StoreNotMatch(long requestStoreId, long actualStoreId) implements RegionError {}

  /** The store is overloaded; retry after about {@code backoffMs}. */
  record ServerIsBusy(String reason, long backoffMs) implements RegionError {}

  /** The leader's term changed under the command: it may or may not have been applied. */
  record StaleCommand(long regionId) implements RegionError {}

  /**
   * A stale read's ts is above what this replica ({@code peerId}) may serve: its usable safe ts
   * is {@code safeTs}. Clients retry on the leader.
   */
  record DataIsNotReady(long regionId, long peerId, long safeTs) implements RegionError {}
}
