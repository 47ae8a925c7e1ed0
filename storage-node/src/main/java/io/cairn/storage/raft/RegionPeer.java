package io.cairn.storage.raft;

import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The local replica of one region: the only door through which the node writes into a
 * region and checks it may serve reads. Implementations hide the Raft library (today
 * Apache Ratis) so it can be replaced.
 *
 * <p>Futures fail with a {@link RegionException} for region-level outcomes, carrying the
 * {@link RegionError} the node answers with ({@link RaftErrors}): {@link RegionError.NotLeader}
 * with the leader's peer as hint, {@link RegionError.StaleCommand},
 * {@link RegionError.RegionNotFound}, {@link RegionError.EpochNotMatch} with the region now,
 * and {@link RegionError.ServerIsBusy} when the group cannot serve in time. Futures complete on the store's small callback pool,
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
   * leader; elsewhere it fails with {@link RegionError.NotLeader}.
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
   * The leader's view of the other replicas, for reporting down and pending peers; {@code null}
   * when this replica does not lead (or stopped leading while it was read).
   */
  LeaderProgress leaderProgress();

  /**
   * Splits the region at {@code splitKeys} through the log (right-derive, see
   * {@link RegionMeta#split}): on every replica the region keeps the right-most piece with its
   * version bumped by the number of keys, the pieces to its left become {@code newRegions}
   * (ids travel in the log, so every replica agrees), and each store starts their groups.
   * Completes with the pieces in key order once applied here. Fails with
   * {@link IllegalArgumentException} when the keys or ids do not fit the region, and with
   * {@code EpochNotMatch} when the region's epoch is no longer {@code epoch} when the command
   * is applied.
   */
  CompletableFuture<List<RegionMeta>> split(RegionEpoch epoch, List<byte[]> splitKeys, List<RegionMeta.NewRegion> newRegions);

  /** Asks the current leader (this replica) to hand leadership to {@code storeId}. */
  CompletableFuture<Void> transferLeadership(long storeId);

  /**
   * Changes the replicas to {@code peers} (a Raft membership change). Ratis names replicas by
   * store only, so the peers with their ids and addresses first go through the log as a
   * region-meta command ({@code conf_ver} bumped, on every replica); the Raft configuration
   * change follows, and the future completes with the meta once this replica applied both. A
   * store already in the region keeps its peer. The store of a new peer must already have
   * joined the region ({@link RaftStore#joinRegion}); it catches up by snapshot. A retry after
   * a failed configuration step finds the peers recorded and only changes the configuration.
   */
  CompletableFuture<RegionMeta> changePeers(List<PeerMeta> peers);
}
