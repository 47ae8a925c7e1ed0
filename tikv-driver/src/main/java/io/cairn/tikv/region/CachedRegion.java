package io.cairn.tikv.region;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.PeerRole;
import io.cairn.proto.metapb.Region;
import java.util.Arrays;
import java.util.List;

/**
 * One region as the cache knows it: its range, epoch, peers, the peer believed to lead, and when
 * the entry stops being trusted. Immutable: a leader switch makes a new instance, swapped into
 * the cache's snapshot.
 */
public final class CachedRegion {

  private final Region meta;
  private final Peer leader;
  private final byte[] startKey;
  private final byte[] endKey;
  private final long expiresAtNanos;

  CachedRegion(Region meta, Peer leader, long expiresAtNanos) {
    this.meta = meta;
    this.leader = leader;
    this.startKey = meta.getStartKey().toByteArray();
    this.endKey = meta.getEndKey().toByteArray();
    this.expiresAtNanos = expiresAtNanos;
  }

  /**
   * The leader to start from: PD's hint when it names a peer of the region, else the first
   * voter (a follower that is asked answers NotLeader with the real leader).
   */
  static Peer initialLeader(Region meta, Peer hint) {
    if (hint != null) {
      for (Peer p : meta.getPeersList()) {
        if (p.getId() == hint.getId() && p.getStoreId() == hint.getStoreId()) {
          return p;
        }
      }
    }
    for (Peer p : meta.getPeersList()) {
      if (p.getRole() != PeerRole.Learner) {
        return p;
      }
    }
    return meta.getPeersCount() > 0 ? meta.getPeers(0) : null;
  }

  CachedRegion withLeader(Peer newLeader) {
    return new CachedRegion(meta, newLeader, expiresAtNanos);
  }

  /** The peer of this region on {@code storeId}, or null. */
  public Peer peerOnStore(long storeId) {
    for (Peer p : meta.getPeersList()) {
      if (p.getStoreId() == storeId) {
        return p;
      }
    }
    return null;
  }

  public long id() {
    return meta.getId();
  }

  public RegionVerId verId() {
    return RegionVerId.of(meta);
  }

  public Region meta() {
    return meta;
  }

  /** The peer believed to lead; null only for a region without peers. */
  public Peer leader() {
    return leader;
  }

  public List<Peer> peers() {
    return meta.getPeersList();
  }

  /** A copy of the start key. */
  public byte[] startKey() {
    return startKey.clone();
  }

  /** A copy of the end key; empty for the last region. */
  public byte[] endKey() {
    return endKey.clone();
  }

  byte[] rawStart() {
    return startKey;
  }

  byte[] rawEnd() {
    return endKey;
  }

  long expiresAtNanos() {
    return expiresAtNanos;
  }

  public boolean contains(byte[] key) {
    return Arrays.compareUnsigned(key, startKey) >= 0
        && (endKey.length == 0 || Arrays.compareUnsigned(key, endKey) < 0);
  }

  @Override
  public String toString() {
    return "region " + meta.getId() + " " + new KeyRange(startKey, endKey) + " epoch "
        + meta.getRegionEpoch().getConfVer() + "/" + meta.getRegionEpoch().getVersion()
        + " leader " + (leader == null ? "none" : leader.getId() + "@" + leader.getStoreId());
  }
}
