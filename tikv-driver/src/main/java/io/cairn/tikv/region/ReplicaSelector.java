package io.cairn.tikv.region;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.PeerRole;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.metapb.StoreLabel;
import io.cairn.proto.metapb.StoreState;
import io.cairn.tikv.config.ReplicaReadMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the replica for each attempt of one request to one region (client-go's
 * replicaSelector). The order of candidates depends on the access and the read mode:
 *
 * <ul>
 *   <li>writes and {@link ReplicaReadMode#LEADER} reads: the leader, then the other voters (a
 *       follower answers NotLeader with the leader, which is how a moved leader is found when the
 *       old one is unreachable);
 *   <li>{@link ReplicaReadMode#FOLLOWER}: the followers, then the leader;
 *   <li>{@link ReplicaReadMode#LEADER_AND_FOLLOWER}: every replica;
 *   <li>{@link ReplicaReadMode#CLOSEST_REPLICAS} and stale reads: the replicas whose store carries
 *       all local labels, then the leader, then the rest.
 * </ul>
 *
 * Replicas of equal rank rotate round-robin across requests. A candidate is skipped when it
 * failed earlier in this request, when its store's circuit breaker is open, or when its store is
 * gone; a store marked unhealthy is used only when no healthy candidate is left. Not
 * thread-safe: one selector per request.
 */
public final class ReplicaSelector {

  /** Where one attempt goes and how its Context is to be filled. */
  public record Target(CachedRegion region, Peer peer, Store store, boolean replicaRead, boolean staleRead) {
    public String address() {
      return store.getAddress();
    }

    public long storeId() {
      return store.getId();
    }
  }

  private final RegionCache cache;
  private final RegionVerId ver;
  private final Access access;
  private final Map<String, String> localLabels;
  private final int rotation;
  private final Set<Long> skipped = new HashSet<>();
  private ReplicaReadMode mode;
  private boolean staleRead;
  private boolean regionGone;

  ReplicaSelector(
      RegionCache cache, CachedRegion region, Access access, ReplicaReadMode mode, boolean staleRead, Map<String, String> localLabels) {
    if (staleRead && access == Access.WRITE) {
      throw new IllegalArgumentException("a stale read cannot write");
    }
    this.cache = cache;
    this.ver = region.verId();
    this.access = access;
    this.mode = access == Access.WRITE ? ReplicaReadMode.LEADER : mode;
    this.staleRead = staleRead;
    this.localLabels = localLabels;
    this.rotation = cache.nextRoundRobin();
  }

  public RegionVerId region() {
    return ver;
  }

  /** The region left the cache (invalidated, or replaced by a newer epoch): the caller re-splits. */
  public boolean regionGone() {
    return regionGone;
  }

  /** Whether a candidate was skipped for a failure in this request. */
  public boolean hadFailures() {
    return !skipped.isEmpty();
  }

  /** Forgets this request's failures, for a fresh round after a backoff. */
  public void resetFailures() {
    skipped.clear();
  }

  /** The stale read will fall back to a normal read on the leader. */
  public void fallBackToLeader() {
    staleRead = false;
    mode = ReplicaReadMode.LEADER;
    skipped.clear();
  }

  public boolean staleRead() {
    return staleRead;
  }

  /**
   * The replica for the next attempt; empty when none is usable (all failed, isolated or gone)
   * or when the region left the cache ({@link #regionGone()}).
   *
   * @throws io.cairn.tikv.pd.PdException when a store's address cannot be fetched
   */
  public Optional<Target> next() {
    CachedRegion region = cache.cached(ver.id()).filter(r -> r.verId().equals(ver)).orElse(null);
    if (region == null) {
      regionGone = true;
      return Optional.empty();
    }
    List<Peer> candidates = candidates(region);
    StoreHealth health = cache.health();
    Target fallback = null;
    for (Peer peer : candidates) {
      if (skipped.contains(peer.getId())) {
        continue;
      }
      Store store = cache.store(peer.getStoreId()).orElse(null);
      if (store == null || store.getState() == StoreState.Tombstone || !health.isAvailable(store.getId())) {
        continue;
      }
      Target t = target(region, peer, store);
      if (health.isHealthy(store.getId())) {
        return Optional.of(t);
      }
      if (fallback == null) {
        fallback = t;
      }
    }
    return Optional.ofNullable(fallback);
  }

  private Target target(CachedRegion region, Peer peer, Store store) {
    boolean isLeader = region.leader() != null && region.leader().getId() == peer.getId();
    boolean replicaRead = access == Access.READ && !staleRead && mode != ReplicaReadMode.LEADER && !isLeader;
    return new Target(region, peer, store, replicaRead, staleRead);
  }

  private List<Peer> candidates(CachedRegion region) {
    Peer leader = region.leader();
    List<Peer> others = new ArrayList<>();
    for (Peer p : region.peers()) {
      if (leader == null || p.getId() != leader.getId()) {
        others.add(p);
      }
    }
    rotate(others);
    List<Peer> out = new ArrayList<>(region.peers().size());
    if (staleRead || mode == ReplicaReadMode.CLOSEST_REPLICAS) {
      List<Peer> all = new ArrayList<>(region.peers());
      rotate(all);
      for (Peer p : all) {
        if (isLocal(p)) {
          out.add(p);
        }
      }
      addIfAbsent(out, leader);
      for (Peer p : others) {
        addIfAbsent(out, p);
      }
      return out;
    }
    switch (mode) {
      case LEADER -> {
        addIfAbsent(out, leader);
        for (Peer p : others) {
          if (p.getRole() != PeerRole.Learner) {
            out.add(p);
          }
        }
      }
      case FOLLOWER -> {
        out.addAll(others);
        addIfAbsent(out, leader);
      }
      case LEADER_AND_FOLLOWER -> {
        List<Peer> all = new ArrayList<>(region.peers());
        rotate(all);
        out.addAll(all);
      }
      default -> throw new IllegalStateException("unhandled replica read mode " + mode);
    }
    return out;
  }

  private boolean isLocal(Peer p) {
    if (localLabels.isEmpty()) {
      return false;
    }
    Store store = cache.store(p.getStoreId()).orElse(null);
    if (store == null) {
      return false;
    }
    int matched = 0;
    for (StoreLabel label : store.getLabelsList()) {
      if (label.getValue().equals(localLabels.get(label.getKey()))) {
        matched++;
      }
    }
    return matched == localLabels.size();
  }

  private void rotate(List<Peer> peers) {
    if (peers.size() > 1) {
      java.util.Collections.rotate(peers, -(rotation % peers.size()));
    }
  }

  private static void addIfAbsent(List<Peer> out, Peer p) {
    if (p == null) {
      return;
    }
    for (Peer q : out) {
      if (q.getId() == p.getId()) {
        return;
      }
    }
    out.add(p);
  }

  /** The attempt failed in transport: its store is marked and the peer is not tried again. */
  public void onSendFailure(Target t) {
    cache.health().recordFailure(t.storeId());
    skipped.add(t.peer().getId());
  }

  /** The store answered (a region error is an answer too). */
  public void onAnswer(Target t) {
    cache.health().recordSuccess(t.storeId());
  }

  /** Do not try this peer again in this request (it answered but cannot serve). */
  public void skip(Target t) {
    skipped.add(t.peer().getId());
  }

  /**
   * A node named {@code hint} as the leader: the cache switches to it and it is tried next.
   * Returns false when the hint is not a peer of the cached region (the region was dropped).
   */
  public boolean onNotLeader(Peer hint) {
    boolean kept = cache.switchLeader(ver, hint);
    if (!kept) {
      regionGone = true;
      return false;
    }
    CachedRegion region = cache.cached(ver.id()).orElse(null);
    Peer leader = region == null ? null : region.peerOnStore(hint.getStoreId());
    if (leader != null) {
      skipped.remove(leader.getId());
    }
    if (access == Access.READ && mode != ReplicaReadMode.LEADER) {
      // A replica that answers NotLeader in a replica-read mode cannot read: use the leader.
      mode = ReplicaReadMode.LEADER;
    }
    return true;
  }
}
