package io.cairn.pd.schedule;

import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.cluster.StoreHealth;
import io.cairn.pd.cluster.StoreLoad;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.PeerRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Evens out region counts: moves one follower of this region from the store holding most
 * regions among its replicas to the up store without a replica that holds fewest, when the two
 * differ by more than {@code threshold}. A move adds the new replica first and removes the old
 * one only when the new one has caught up ({@link OperatorController}).
 *
 * <p>Only a region at rest is moved: every replica on an up store, none reported down or
 * pending, a known leader, and no more than {@code maxReplicas} replicas (anything else is the
 * {@link ReplicaChecker}'s). The leader's replica never moves (the leader balancer moves
 * leaders). A move never lowers the region's isolation ({@link LocationIsolation}): the target
 * must be at least as far from the replicas that stay as the replica it replaces. Stores
 * already at the store limit for moves ({@code busyStores}) neither give nor take.
 *
 * <p>A move narrows the gap between its two stores by 2, so with {@code threshold >= 1} replicas
 * never ping-pong, and the sum of squared region counts falls with every move: balancing ends.
 * Stateless and thread-safe.
 */
public final class RegionBalancer {

  private final int maxReplicas;
  private final int threshold;
  private final LocationIsolation isolation;

  public RegionBalancer(int maxReplicas, int threshold, LocationIsolation isolation) {
    if (threshold < 1) {
      throw new IllegalArgumentException("region balance threshold must be >= 1: " + threshold);
    }
    this.maxReplicas = maxReplicas;
    this.threshold = threshold;
    this.isolation = isolation;
  }

  /**
   * @param busyStores stores at their limit of moves in flight; never {@code null}
   */
  public Optional<Decision> check(RegionInfo region, ClusterView view, Set<Long> busyStores) {
    List<Peer> peers = region.meta().getPeersList();
    if (region.leader() == null || region.hasLaggingPeers() || peers.size() > maxReplicas) {
      return Optional.empty();
    }
    for (Peer p : peers) {
      if (view.health(p.getStoreId()) != StoreHealth.UP || view.store(p.getStoreId()) == null
          || p.getRole() != PeerRole.Voter) {
        return Optional.empty();
      }
    }
    List<Peer> sources = new ArrayList<>();
    for (Peer p : peers) {
      if (p.getStoreId() != region.leaderStoreId() && !busyStores.contains(p.getStoreId())) {
        sources.add(p);
      }
    }
    sources.sort(Comparator
        .comparingInt((Peer p) -> -view.store(p.getStoreId()).regionCount())
        .thenComparingLong(Peer::getStoreId));
    for (Peer source : sources) {
      StoreLoad from = view.store(source.getStoreId());
      List<Peer> staying = peers.stream().filter(p -> p.getId() != source.getId()).toList();
      List<StoreLoad> stayingStores = ReplicaChecker.stores(view, staying);
      int floor = isolation.isolation(from, stayingStores);
      Optional<StoreLoad> to = view.stores().values().stream()
          .filter(s -> s.health() == StoreHealth.UP && region.peerOnStore(s.id()) == null)
          .filter(s -> !busyStores.contains(s.id()))
          .filter(s -> isolation.isolation(s, stayingStores) >= floor)
          .min(Comparator.comparingInt(StoreLoad::regionCount)
              .thenComparingInt(s -> -isolation.isolation(s, stayingStores))
              .thenComparingLong(StoreLoad::id));
      if (to.isPresent() && from.regionCount() - to.get().regionCount() > threshold) {
        return Optional.of(new Decision.MovePeer(source, to.get().id(),
            "store " + from.id() + " has " + from.regionCount() + " regions, store "
                + to.get().id() + " has " + to.get().regionCount()));
      }
    }
    return Optional.empty();
  }
}
