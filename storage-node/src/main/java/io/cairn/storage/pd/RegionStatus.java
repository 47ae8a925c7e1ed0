package io.cairn.storage.pd;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.pdpb.PeerStats;
import java.util.List;
import java.util.Objects;

/**
 * One region as this store sees it, for region heartbeats and for checking PD's commands.
 *
 * <p>The four traffic counters are cumulative since the local peer started (they may restart at
 * 0, e.g. after a node restart); the heartbeat loop reports the difference to its previous
 * report.
 *
 * @param region the region's range, epoch and peers as applied locally
 * @param leader the leader peer as this store knows it, {@code null} when unknown
 * @param downPeers peers that have not answered the leader for a while, with for how long;
 *     empty when unknown or on followers
 * @param pendingPeers peers whose log is far behind (e.g. receiving a snapshot); empty when
 *     unknown
 * @param approximateSize estimated bytes in the range
 * @param approximateKeys estimated keys in the range
 * @param term the Raft term, 0 when unknown
 */
public record RegionStatus(Region region, Peer leader, List<PeerStats> downPeers,
    List<Peer> pendingPeers, long approximateSize, long approximateKeys, long term,
    long bytesWritten, long keysWritten, long bytesRead, long keysRead) {

  public RegionStatus {
    Objects.requireNonNull(region, "region");
    downPeers = List.copyOf(downPeers);
    pendingPeers = List.copyOf(pendingPeers);
    if (approximateSize < 0 || approximateKeys < 0 || term < 0) {
      throw new IllegalArgumentException("negative size, keys or term for region "
          + region.getId());
    }
  }

  /** A region led by {@code leader} with the given size and no traffic or lagging peers. */
  public static RegionStatus led(Region region, Peer leader, long approximateSize,
      long approximateKeys) {
    return new RegionStatus(region, leader, List.of(), List.of(), approximateSize,
        approximateKeys, 0, 0, 0, 0, 0);
  }

  public long id() {
    return region.getId();
  }

  /** True when the leader is the peer on {@code storeId}. */
  public boolean isLedBy(long storeId) {
    return leader != null && leader.getStoreId() == storeId;
  }
}
