package io.cairn.pd.cluster;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.pdpb.PeerStats;
import java.util.List;
import java.util.Objects;

/**
 * What PD knows about one region: its metadata as last reported, its leader ({@code null} when
 * no leader has reported since PD started or since the region was created by a split report),
 * the peers its leader reports down or pending, and its approximate size.
 *
 * <p>Immutable.
 */
public record RegionInfo(
    Region meta,
    Peer leader,
    List<PeerStats> downPeers,
    List<Peer> pendingPeers,
    long approximateSize,
    long approximateKeys) {

  public RegionInfo {
    Objects.requireNonNull(meta, "meta");
    downPeers = List.copyOf(downPeers);
    pendingPeers = List.copyOf(pendingPeers);
  }

  /** A region with no leader and no statistics yet. */
  public static RegionInfo of(Region meta) {
    return new RegionInfo(meta, null, List.of(), List.of(), 0, 0);
  }

  public long id() {
    return meta.getId();
  }

  /** The peer of this region on {@code storeId}, or {@code null}. */
  public Peer peerOnStore(long storeId) {
    for (Peer p : meta.getPeersList()) {
      if (p.getStoreId() == storeId) {
        return p;
      }
    }
    return null;
  }

  /** The store of the leader, or 0 when the leader is unknown. */
  public long leaderStoreId() {
    return leader == null ? 0 : leader.getStoreId();
  }

  public RegionInfo withLeader(Peer newLeader) {
    return new RegionInfo(meta, newLeader, downPeers, pendingPeers, approximateSize,
        approximateKeys);
  }
}
