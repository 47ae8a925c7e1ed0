package io.cairn.pd.schedule;

import io.cairn.pd.cluster.RegionInfo;
import java.util.Optional;

/**
 * Decides at most one change for a region: replica repair first, leader balance second.
 * Stateless and thread-safe.
 */
public final class Scheduler {

  private final ReplicaChecker replicas;
  private final LeaderBalancer leaders;

  public Scheduler(ReplicaChecker replicas, LeaderBalancer leaders) {
    this.replicas = replicas;
    this.leaders = leaders;
  }

  public Optional<Decision> decide(RegionInfo region, ClusterView view) {
    Optional<Decision> d = replicas.check(region, view);
    return d.isPresent() ? d : leaders.check(region, view);
  }
}
