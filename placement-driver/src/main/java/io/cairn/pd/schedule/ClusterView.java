package io.cairn.pd.schedule;

import io.cairn.pd.cluster.StoreHealth;
import io.cairn.pd.cluster.StoreLoad;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The scheduler's input besides the region itself: every store with its health and load.
 * Immutable; a store missing from the view is one PD has not registered (its peers are left
 * alone).
 */
public record ClusterView(Map<Long, StoreLoad> stores) {

  public ClusterView {
    stores = Map.copyOf(stores);
  }

  public static ClusterView of(Collection<StoreLoad> stores) {
    Map<Long, StoreLoad> m = new HashMap<>();
    for (StoreLoad s : stores) {
      m.put(s.id(), s);
    }
    return new ClusterView(m);
  }

  /** The store, or {@code null} when unknown. */
  public StoreLoad store(long id) {
    return stores.get(id);
  }

  /** Health of {@code id}; an unknown store counts as {@link StoreHealth#UP}. */
  public StoreHealth health(long id) {
    StoreLoad s = stores.get(id);
    return s == null ? StoreHealth.UP : s.health();
  }

  public long upStoreCount() {
    return stores.values().stream().filter(s -> s.health() == StoreHealth.UP).count();
  }

  /** A copy with the load of operators still in flight counted as if done. */
  ClusterView projected(Collection<Operator> inFlight) {
    Map<Long, StoreLoad> m = new HashMap<>(stores);
    for (Operator op : inFlight) {
      long store = op.peer().getStoreId();
      switch (op.kind()) {
        case ADD_PEER -> m.computeIfPresent(store, (k, s) -> s.plusRegions(1));
        case REMOVE_PEER -> m.computeIfPresent(store, (k, s) -> s.plusRegions(-1));
        case TRANSFER_LEADER -> {
          m.computeIfPresent(store, (k, s) -> s.plusLeaders(1));
          m.computeIfPresent(op.fromStoreId(), (k, s) -> s.plusLeaders(-1));
        }
      }
      if (op.thenRemove() != null) {
        m.computeIfPresent(op.thenRemove().getStoreId(), (k, s) -> s.plusRegions(-1));
      }
    }
    return new ClusterView(m);
  }
}
