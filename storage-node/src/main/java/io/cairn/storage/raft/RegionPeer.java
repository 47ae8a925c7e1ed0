package io.cairn.storage.raft;

import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.StorePeer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The local replica of one region: the only door through which the node writes into a
 * region and checks it may serve reads. Implementations hide the Raft library (today
 * Apache Ratis) so it can be replaced.
 *
 * <p>Futures fail with a {@link RegionException} subclass for region-level outcomes
 * ({@link RegionException.NotLeader} with the leader hint, {@link RegionException.StaleCommand},
 * {@link RegionException.RegionNotFound}, {@link RegionException.EpochNotMatch},
 * {@link RegionException.Unavailable}). Futures complete on the store's small callback pool,
 * never on Raft's own threads, so a callback may call back into a peer; it must not block.
 * Thread-safe.
 */
public interface RegionPeer {

  long regionId();

  /** The store this replica lives on. */
  long storeId();

  /** The region as last applied on this replica. */
  RegionMeta meta();

  /**
   * Replicates {@code command} and completes with its position once it has been applied to
   * the local engine (so a read on this store afterwards sees it). Must be called on the
   * leader; elsewhere it fails with {@link RegionException.NotLeader}.
   */
  CompletableFuture<Applied> propose(RaftCommand command);

  /**
   * A linearizable read barrier (ReadIndex): completes with an applied index once everything
   * committed before the call is applied locally, so a read of the local engine afterwards is
   * linearizable. On the leader, a valid lease answers without a network round; on a
   * follower it asks the leader for the read index (a replica read).
   */
  CompletableFuture<Long> readIndex();

  /** Whether this replica currently believes it is the leader and may accept proposals. */
  boolean isLeader();

  /** The store id of the leader as this replica knows it, 0 when unknown. */
  long leaderStoreId();

  /**
   * Splits the region at {@code splitKey} through the log: on every replica the region shrinks
   * to {@code [start, splitKey)} and region {@code newRegionId} takes {@code [splitKey, end)},
   * both with the version bumped, and each store starts the new region's group. Completes with
   * the two regions once applied here. Fails with {@link IllegalArgumentException} when the
   * key is not strictly inside the region.
   */
  CompletableFuture<List<RegionMeta>> split(byte[] splitKey, long newRegionId);

  /** Asks the current leader (this replica) to hand leadership to {@code storeId}. */
  CompletableFuture<Void> transferLeadership(long storeId);

  /**
   * Changes the replicas to {@code peers} (a Raft membership change). Every replica records
   * the committed configuration as the region's peers with {@code conf_ver} bumped, atomically
   * with applying it; the future completes with that meta. The store of a new peer must already
   * have joined the region ({@link RaftStore#joinRegion}); it catches up by snapshot.
   */
  CompletableFuture<RegionMeta> changePeers(List<StorePeer> peers);
}
