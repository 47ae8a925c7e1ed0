package io.cairn.pd.schedule;

import io.cairn.pd.cluster.StoreHealth;

/** One store as the scheduler sees it: health and load. Immutable. */
public record StoreView(long id, StoreHealth health, int regionCount, int leaderCount) {

  StoreView plusRegions(int delta) {
    return new StoreView(id, health, regionCount + delta, leaderCount);
  }

  StoreView plusLeaders(int delta) {
    return new StoreView(id, health, regionCount, leaderCount + delta);
  }
}
