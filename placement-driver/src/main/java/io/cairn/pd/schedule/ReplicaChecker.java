package io.cairn.pd.schedule;

import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.cluster.StoreHealth;
import io.cairn.proto.metapb.Peer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each region at {@code min(maxReplicas, up stores)} healthy peers.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Fewer healthy peers than wanted: add a peer on the up store holding fewest region peers
 *       among those without one (ties: lowest store id). Peers on disconnected stores still
 *       count as healthy: a short outage must not trigger data movement.</li>
 *   <li>A peer on a down or tombstone store, with enough healthy peers: remove it. Replacement
 *       therefore comes first, removal second, so the group never shrinks below what it
 *       wants.</li>
 *   <li>More healthy peers than {@code maxReplicas}: remove a non-leader, preferring
 *       disconnected stores, then the most loaded store.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class ReplicaChecker {

  private final int maxReplicas;

  public ReplicaChecker(int maxReplicas) {
    if (maxReplicas < 1) {
      throw new IllegalArgumentException("maxReplicas must be >= 1: " + maxReplicas);
    }
    this.maxReplicas = maxReplicas;
  }

  public Optional<Decision> check(RegionInfo region, ClusterView view) {
    long wanted = Math.min(maxReplicas, view.upStoreCount());
    if (wanted == 0) {
      return Optional.empty();
    }
    List<Peer> healthy = new ArrayList<>();
    List<Peer> dead = new ArrayList<>();
    for (Peer p : region.meta().getPeersList()) {
      StoreHealth h = view.health(p.getStoreId());
      if (h == StoreHealth.DOWN || h == StoreHealth.TOMBSTONE) {
        dead.add(p);
      } else {
        healthy.add(p);
      }
    }
    if (healthy.size() < wanted) {
      Optional<StoreView> target = view.stores().values().stream()
          .filter(s -> s.health() == StoreHealth.UP)
          .filter(s -> region.peerOnStore(s.id()) == null)
          .min(Comparator.comparingInt(StoreView::regionCount).thenComparingLong(StoreView::id));
      if (target.isPresent()) {
        return Optional.of(new Decision.AddPeer(target.get().id(),
            "region " + region.id() + " has " + healthy.size() + " healthy peers, wants "
                + wanted));
      }
    }
    for (Peer p : dead) {
      if (healthy.size() >= wanted && p.getStoreId() != region.leaderStoreId()) {
        return Optional.of(new Decision.RemovePeer(p,
            "peer " + p.getId() + " is on " + view.health(p.getStoreId()) + " store "
                + p.getStoreId()));
      }
    }
    if (healthy.size() > maxReplicas) {
      Optional<Peer> victim = healthy.stream()
          .filter(p -> p.getStoreId() != region.leaderStoreId())
          .max(Comparator
              .comparing((Peer p) -> view.health(p.getStoreId()) == StoreHealth.DISCONNECTED)
              .thenComparingInt(p -> regionCount(view, p.getStoreId()))
              .thenComparingLong(Peer::getStoreId));
      if (victim.isPresent()) {
        return Optional.of(new Decision.RemovePeer(victim.get(),
            "region " + region.id() + " has " + healthy.size() + " peers, max " + maxReplicas));
      }
    }
    return Optional.empty();
  }

  private static int regionCount(ClusterView view, long storeId) {
    StoreView s = view.store(storeId);
    return s == null ? 0 : s.regionCount();
  }
}
