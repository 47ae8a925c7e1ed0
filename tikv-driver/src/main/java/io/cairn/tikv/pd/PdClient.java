package io.cairn.tikv.pd;

import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.Store;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The driver's view of the placement driver: timestamps, region routing and stores.
 *
 * <p>Every call has a deadline ({@code pd-server-timeout}) and fails with {@link PdException};
 * a call fails over to a new PD leader once before giving up, but never sleeps: the caller's
 * Backoffer decides whether and when to try again ({@code PD_RPC}), so retries are never nested.
 * Keys, in lookups and in the regions returned, are in the client's key space: {@link
 * GrpcPdClient} passes PD's bytes through (memcomparable-encoded in transactional mode), {@link
 * CodecPdClient} translates them to user keys. An empty end key means the end of the key space.
 * Implementations are thread-safe. {@link #close()} fails pending timestamp requests and
 * releases the channels; it is idempotent.
 */
public interface PdClient extends AutoCloseable {

  /** The cluster id learned from GetMembers; sent in every request header. */
  long clusterId();

  /**
   * A timestamp from the TSO, strictly greater than any this client got before the call began.
   * Concurrent callers share one TSO request.
   *
   * @throws PdException retryable when the TSO stream broke or timed out
   */
  long getTimestamp();

  /** {@link #getTimestamp()} without blocking; the future fails with {@link PdException}. */
  CompletableFuture<Long> getTimestampAsync();

  /** The region containing {@code key}; empty when PD knows none (a cluster being bootstrapped). */
  Optional<PdRegion> getRegion(byte[] key);

  /** The region with this id; empty when PD does not know it (merged away). */
  Optional<PdRegion> getRegionById(long regionId);

  /**
   * Regions overlapping {@code [startKey, endKey)} in key order, at most {@code limit} (0 for no
   * limit).
   */
  List<PdRegion> scanRegions(byte[] startKey, byte[] endKey, int limit);

  /**
   * The regions a storage node reported (the current regions of an {@code EpochNotMatch}), with
   * their boundaries in this client's key space; a region that holds no key of that space is
   * left out. Nodes keep boundaries as PD does, so a client that passes PD's keys through
   * returns them unchanged.
   *
   * @throws PdException (not retryable) when boundaries cannot be translated
   */
  default List<Region> fromNodeRegions(List<Region> nodeRegions) {
    return nodeRegions;
  }

  /**
   * The store with this id, from a cache filled on first use; empty when PD does not know it.
   * Tombstone stores are returned but not cached.
   */
  Optional<Store> getStore(long storeId);

  /** Every store, fresh from PD; refreshes the store cache. */
  List<Store> getAllStores();

  /**
   * The cluster's GC safe point: versions below it may have been collected, so no read may
   * happen at an older timestamp. 0 when GC never ran.
   */
  long getGcSafePoint();

  /** Drops the cached store so the next {@link #getStore} asks PD (its address may have moved). */
  void invalidateStore(long storeId);

  @Override
  void close();
}
