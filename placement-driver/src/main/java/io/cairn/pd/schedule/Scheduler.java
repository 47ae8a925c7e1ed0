package io.cairn.pd.schedule;

import io.cairn.pd.cluster.RegionInfo;
import java.util.Optional;
import java.util.Set;

/**
 * Decides at most one change for a region: replica repair first, then leader balance, then
 * region balance (a cheap leader transfer goes before a replica move, and neither runs while the
 * region needs repair). Stateless and thread-safe.
 */
public final class Scheduler {

  private final ReplicaChecker replicas;
  private final LeaderBalancer leaders;
  private final RegionBalancer regions;

  /**
   * @param regions the region balancer; {@code null} balances leaders only
   */
  public Scheduler(ReplicaChecker replicas, LeaderBalancer leaders, RegionBalancer regions) {
    this.replicas = replicas;
    this.leaders = leaders;
    this.regions = regions;
  }

  /** Repair and leader balance only. */
  public Scheduler(ReplicaChecker replicas, LeaderBalancer leaders) {
    this(replicas, leaders, null);
  }

  /**
   * @param budget what the rate limits still allow; never {@code null}
   */
  public Optional<Decision> decide(RegionInfo region, ClusterView view, Budget budget) {
    Optional<Decision> d = replicas.check(region, view);
    if (d.isEmpty()) {
      d = leaders.check(region, view);
    }
    if (d.isEmpty() && regions != null && budget.regionMoves()) {
      d = regions.check(region, view, budget.busyStores());
    }
    return d;
  }

  /**
   * What the rate limits leave for one decision.
   *
   * @param regionMoves whether another region-balance move may start
   * @param busyStores stores at their limit of moves in flight
   */
  public record Budget(boolean regionMoves, Set<Long> busyStores) {

    public Budget {
      busyStores = Set.copyOf(busyStores);
    }

    /** No limit reached. */
    public static Budget unlimited() {
      return new Budget(true, Set.of());
    }
  }
}
