package io.cairn.pd.cluster;

import java.util.Map;

/**
 * A store's health, its labels ({@code zone=z1}, {@code host=h1}; never {@code null}) and how
 * many region peers and leaders it holds. Immutable.
 */
public record StoreLoad(long storeId, StoreHealth health, int regionCount, int leaderCount,
    Map<String, String> labels) {

  public StoreLoad {
    labels = Map.copyOf(labels);
  }

  /** A store without labels. */
  public StoreLoad(long storeId, StoreHealth health, int regionCount, int leaderCount) {
    this(storeId, health, regionCount, leaderCount, Map.of());
  }
}
