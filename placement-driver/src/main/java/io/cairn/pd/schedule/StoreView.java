package io.cairn.pd.schedule;

import io.cairn.pd.cluster.StoreHealth;
import java.util.Map;

/**
 * One store as the scheduler sees it: health, load and labels (never {@code null}). Immutable.
 */
public record StoreView(long id, StoreHealth health, int regionCount, int leaderCount,
    Map<String, String> labels) {

  public StoreView {
    labels = Map.copyOf(labels);
  }

  /** A store without labels. */
  public StoreView(long id, StoreHealth health, int regionCount, int leaderCount) {
    this(id, health, regionCount, leaderCount, Map.of());
  }

  StoreView plusRegions(int delta) {
    return new StoreView(id, health, regionCount + delta, leaderCount, labels);
  }

  StoreView plusLeaders(int delta) {
    return new StoreView(id, health, regionCount, leaderCount + delta, labels);
  }
}
