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
 */
public record Operator(long regionId, Kind kind, Peer peer, long fromStoreId, RegionEpoch epoch,
    long createdMs, String reason) {

  public enum Kind { ADD_PEER, REMOVE_PEER, TRANSFER_LEADER }

  /** The heartbeat {@code region} shows this operator carried out. */
  public boolean isDoneIn(RegionInfo region) {
    return switch (kind) {
      case ADD_PEER -> region.peerOnStore(peer.getStoreId()) != null;
      case REMOVE_PEER -> region.meta().getPeersList().stream()
          .noneMatch(p -> p.getId() == peer.getId());
      case TRANSFER_LEADER -> region.leaderStoreId() == peer.getStoreId();
    };
  }
}
