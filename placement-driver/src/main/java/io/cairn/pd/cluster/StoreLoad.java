package io.cairn.pd.cluster;

import java.util.Map;

/**
 * A store as placement sees it: its health, its labels ({@code zone=z1}, {@code host=h1}; never
 * {@code null}) and how many region peers and leaders it holds. Immutable.
 */
public record StoreLoad(long id, StoreHealth health, int regionCount, int leaderCount,
    Map<String, String> labels) {

  public StoreLoad {
    labels = Map.copyOf(labels);
  }

  /** A store without labels. */
  public StoreLoad(long id, StoreHealth health, int regionCount, int leaderCount) {
    this(id, health, regionCount, leaderCount, Map.of());
  }

  /** This store holding {@code delta} more region peers. */
  public StoreLoad plusRegions(int delta) {
    return new StoreLoad(id, health, regionCount + delta, leaderCount, labels);
  }

  /** This store holding {@code delta} more leaders. */
  public StoreLoad plusLeaders(int delta) {
    return new StoreLoad(id, health, regionCount, leaderCount + delta, labels);
  }
}
