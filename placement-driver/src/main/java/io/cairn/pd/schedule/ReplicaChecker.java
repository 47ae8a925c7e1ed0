package io.cairn.pd.schedule;

import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.cluster.StoreHealth;
import io.cairn.pd.cluster.StoreLoad;
import io.cairn.proto.metapb.Peer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each region at {@code min(maxReplicas, up stores)} healthy peers.
 *
 * <p>A peer is dead when its store is down or a tombstone, or when the region's leader has
 * reported it down for at least {@code maxDownMs} (the store is alive, but this replica is
 * stuck: it stopped answering its leader). Rules, in order:
 * <ol>
 *   <li>Fewer healthy peers than wanted: add a peer on an up store without one, the one farthest
 *       from the healthy peers by {@link LocationIsolation}, then holding fewest region peers,
 *       then with the lowest id. Peers on disconnected stores still count as healthy: a short
 *       outage must not trigger data movement.</li>
 *   <li>A dead peer that is not the leader, with enough healthy peers: remove it. Replacement
 *       therefore comes first, removal second, so the group never shrinks below what it
 *       wants. A dead peer with no store to replace it on stays (PD's rule too: the group is
 *       not shrunk).</li>
 *   <li>More healthy peers than {@code maxReplicas}: remove a non-leader, preferring
 *       disconnected stores, then the least isolated replica, then the most loaded store.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class ReplicaChecker {

  private final int maxReplicas;
  private final long maxDownMs;
  private final LocationIsolation isolation;

  /**
   * @param maxDownMs how long a peer may be reported down before it is replaced (PD's
   *     {@code max-store-down-time})
   */
  public ReplicaChecker(int maxReplicas, long maxDownMs, LocationIsolation isolation) {
    if (maxReplicas < 1) {
      throw new IllegalArgumentException("maxReplicas must be >= 1: " + maxReplicas);
    }
    if (maxDownMs < 0) {
      throw new IllegalArgumentException("maxDownMs must be >= 0: " + maxDownMs);
    }
    this.maxReplicas = maxReplicas;
    this.maxDownMs = maxDownMs;
    this.isolation = isolation;
  }

  /** Without location labels, replacing peers reported down for 30 minutes. */
  public ReplicaChecker(int maxReplicas) {
    this(maxReplicas, 30 * 60_000L, LocationIsolation.none());
  }

  public Optional<Decision> check(RegionInfo region, ClusterView view) {
    long wanted = Math.min(maxReplicas, view.upStoreCount());
    if (wanted == 0) {
      return Optional.empty();
    }
    List<Peer> healthy = new ArrayList<>();
    List<Peer> dead = new ArrayList<>();
    for (Peer p : region.meta().getPeersList()) {
      if (isDead(region, p, view)) {
        dead.add(p);
      } else {
        healthy.add(p);
      }
    }
    if (healthy.size() < wanted) {
      List<StoreLoad> healthyStores = stores(view, healthy);
      Optional<StoreLoad> target = view.stores().values().stream()
          .filter(s -> s.health() == StoreHealth.UP)
          .filter(s -> region.peerOnStore(s.id()) == null)
          .min(Comparator.comparingInt((StoreLoad s) -> -isolation.isolation(s, healthyStores))
              .thenComparingInt(StoreLoad::regionCount).thenComparingLong(StoreLoad::id));
      if (target.isPresent()) {
        return Optional.of(new Decision.AddPeer(target.get().id(),
            "region " + region.id() + " has " + healthy.size() + " healthy peers, wants "
                + wanted));
      }
    }
    for (Peer p : dead) {
      if (healthy.size() >= wanted && p.getStoreId() != region.leaderStoreId()) {
        long downSeconds = region.downSeconds(p);
        return Optional.of(new Decision.RemovePeer(p,
            "peer " + p.getId() + " on " + view.health(p.getStoreId()) + " store "
                + p.getStoreId() + (downSeconds >= 0 ? ", down for " + downSeconds + " s" : "")));
      }
    }
    if (healthy.size() > maxReplicas) {
      Optional<Peer> victim = healthy.stream()
          .filter(p -> p.getStoreId() != region.leaderStoreId())
          .max(Comparator
              .comparing((Peer p) -> view.health(p.getStoreId()) == StoreHealth.DISCONNECTED)
              .thenComparingInt(p -> -isolationOf(p, healthy, view))
              .thenComparingInt(p -> regionCount(view, p.getStoreId()))
              .thenComparingLong(Peer::getStoreId));
      if (victim.isPresent()) {
        return Optional.of(new Decision.RemovePeer(victim.get(),
            "region " + region.id() + " has " + healthy.size() + " peers, max " + maxReplicas));
      }
    }
    return Optional.empty();
  }

  private boolean isDead(RegionInfo region, Peer p, ClusterView view) {
    StoreHealth h = view.health(p.getStoreId());
    if (h == StoreHealth.DOWN || h == StoreHealth.TOMBSTONE) {
      return true;
    }
    long downSeconds = region.downSeconds(p);
    return downSeconds >= 0 && downSeconds * 1000 >= maxDownMs;
  }

  private int isolationOf(Peer p, List<Peer> peers, ClusterView view) {
    StoreLoad s = view.store(p.getStoreId());
    return s == null ? 0 : isolation.isolation(s, stores(view, peers));
  }

  /** The known stores of {@code peers}. */
  static List<StoreLoad> stores(ClusterView view, List<Peer> peers) {
    List<StoreLoad> out = new ArrayList<>(peers.size());
    for (Peer p : peers) {
      StoreLoad s = view.store(p.getStoreId());
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private static int regionCount(ClusterView view, long storeId) {
    StoreLoad s = view.store(storeId);
    return s == null ? 0 : s.regionCount();
  }
}
