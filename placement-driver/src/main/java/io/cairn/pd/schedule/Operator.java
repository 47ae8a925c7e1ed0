package io.cairn.pd.schedule;

import io.cairn.pd.cluster.RegionInfo;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.RegionEpoch;

/**
 * A scheduling command in flight for one region: PD repeats it on every heartbeat of the region
 * until the heartbeat shows it done, or until it times out. Immutable.
 *
 * @param peer the peer to add (with its PD-allocated id), to remove, or to make leader
 * @param fromStoreId for a leader transfer, the store the leader leaves; otherwise 0
 * @param epoch the region epoch the command was decided on
 * @param thenRemove for a step of a replica move, the replica to remove once this step is done
 *     (an added peer has caught up, or the leader has left that replica); otherwise {@code null}
 * @param origin which part of the scheduler asked for it (rate limits count by origin)
 */
public record Operator(long regionId, Kind kind, Peer peer, long fromStoreId, RegionEpoch epoch,
    long createdMs, String reason, Peer thenRemove, Origin origin) {

  public enum Kind { ADD_PEER, REMOVE_PEER, TRANSFER_LEADER }

  /** Who decided the operator. */
  public enum Origin { REPAIR, BALANCE_LEADER, BALANCE_REGION }

  /**
   * The heartbeat {@code region} shows this operator carried out. An added peer that a move
   * will follow with a removal must also no longer be reported pending or down: removing the old
   * replica before the new one has the log would leave the region one replica short.
   */
  public boolean isDoneIn(RegionInfo region) {
    return switch (kind) {
      case ADD_PEER -> {
        Peer added = region.peerOnStore(peer.getStoreId());
        yield added != null && (thenRemove == null || !region.isLagging(added));
      }
      case REMOVE_PEER -> region.meta().getPeersList().stream()
          .noneMatch(p -> p.getId() == peer.getId());
      case TRANSFER_LEADER -> region.leaderStoreId() == peer.getStoreId();
    };
  }
}
