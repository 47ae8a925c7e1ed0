package io.cairn.pd.cluster;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.pdpb.PeerStats;
import java.util.List;
import java.util.Objects;

/**
 * What PD knows about one region: its metadata as last reported, its leader ({@code null} when
 * no leader has reported since PD started or since the region was created by a split report),
 * the peers its leader reports down or pending, its approximate size, and the Raft term of the
 * leader's report (0 when unknown: a split report, or a node that does not say).
 *
 * <p>Immutable.
 */
public record RegionInfo(
    Region meta,
    Peer leader,
    List<PeerStats> downPeers,
    List<Peer> pendingPeers,
    long approximateSize,
    long approximateKeys,
    long term) {

  public RegionInfo {
    Objects.requireNonNull(meta, "meta");
    downPeers = List.copyOf(downPeers);
    pendingPeers = List.copyOf(pendingPeers);
    if (term < 0) {
      throw new IllegalArgumentException("negative term " + term + " for region " + meta.getId());
    }
  }

  /** A report without a Raft term. */
  public RegionInfo(Region meta, Peer leader, List<PeerStats> downPeers, List<Peer> pendingPeers,
      long approximateSize, long approximateKeys) {
    this(meta, leader, downPeers, pendingPeers, approximateSize, approximateKeys, 0);
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
        approximateKeys, term);
  }

  /** Whether {@code p} is reported down or pending (it may lag the log). */
  public boolean isLagging(Peer p) {
    for (Peer pending : pendingPeers) {
      if (pending.getId() == p.getId()) {
        return true;
      }
    }
    return downSeconds(p) >= 0;
  }

  /** How long the leader reports {@code p} down, in seconds; -1 when it is not reported down. */
  public long downSeconds(Peer p) {
    for (PeerStats down : downPeers) {
      if (down.getPeer().getId() == p.getId()) {
        return down.getDownSeconds();
      }
    }
    return -1;
  }

  /** Whether any peer is reported down or pending. */
  public boolean hasLaggingPeers() {
    return !downPeers.isEmpty() || !pendingPeers.isEmpty();
  }
}
