package io.cairn.pd.schedule;

import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.cluster.StoreHealth;
import io.cairn.pd.cluster.StoreLoad;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.PeerRole;
import java.util.Optional;

/**
 * Evens out leaders: when this region's leader sits on a store with the most leaders, and one of
 * its other voters sits on an up store with at least {@code threshold + 1} fewer leaders, move
 * leadership there (the follower with fewest leaders wins; ties: lowest store id).
 *
 * <p>A transfer lowers the difference between the two stores by 2, so with {@code threshold >= 1}
 * leaders never ping-pong. A region with a peer reported pending or down is left alone: that
 * peer may lag the log, and the region may need repair first.
 * Stateless and thread-safe.
 */
public final class LeaderBalancer {

  private final int threshold;

  public LeaderBalancer(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("leader balance threshold must be >= 1: " + threshold);
    }
    this.threshold = threshold;
  }

  public Optional<Decision> check(RegionInfo region, ClusterView view) {
    StoreLoad source = view.store(region.leaderStoreId());
    if (source == null || region.hasLaggingPeers()) {
      return Optional.empty();
    }
    int most = view.stores().values().stream()
        .filter(s -> s.health() == StoreHealth.UP)
        .mapToInt(StoreLoad::leaderCount).max().orElse(0);
    if (source.leaderCount() < most) {
      return Optional.empty();
    }
    Peer best = null;
    StoreLoad bestStore = null;
    for (Peer p : region.meta().getPeersList()) {
      StoreLoad s = view.store(p.getStoreId());
      if (s == null || s.id() == source.id() || s.health() != StoreHealth.UP
          || p.getRole() != PeerRole.Voter) {
        continue;
      }
      if (bestStore == null || s.leaderCount() < bestStore.leaderCount()
          || (s.leaderCount() == bestStore.leaderCount() && s.id() < bestStore.id())) {
        best = p;
        bestStore = s;
      }
    }
    if (best == null || source.leaderCount() - bestStore.leaderCount() <= threshold) {
      return Optional.empty();
    }
    return Optional.of(new Decision.TransferLeader(best,
        "store " + source.id() + " has " + source.leaderCount() + " leaders, store "
            + bestStore.id() + " has " + bestStore.leaderCount()));
  }
}
