package io.cairn.storage.raft;

import io.cairn.storage.region.RegionEpoch;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a store asks of the other stores for follower reads: a region leader's read index, and
 * the delivery of safe ts updates. The node implements it over its own gRPC server
 * ({@link FollowerReadService}); in one JVM it can call the other store's {@link FollowerReads}.
 *
 * <p>Futures never complete on the caller's thread with a blocking wait inside; they fail with
 * a {@link io.cairn.storage.region.RegionException} carrying the leader's answer (NotLeader
 * with its hint, EpochNotMatch, RegionNotFound) or with any other exception when the store
 * could not be reached. Thread-safe.
 */
public interface StoreLink {

  /**
   * Asks store {@code storeId}, which should lead {@code regionId}, for a read index after it
   * raised its max_ts to {@code readTs}: the future's value is an index whose application
   * makes a replica reflect every write acknowledged before the call.
   */
  CompletableFuture<Long> readIndex(long storeId, long regionId, RegionEpoch epoch, long readTs);

  /** Delivers {@code updates} to store {@code storeId}; best effort, nothing is retried. */
  CompletableFuture<Void> pushSafeTs(long storeId, long fromStoreId, List<SafeTsUpdate> updates);
}
