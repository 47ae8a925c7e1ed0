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
public record ClusterView(Map<Long, StoreView> stores) {

  public ClusterView {
    stores = Map.copyOf(stores);
  }

  public static ClusterView of(Collection<StoreView> stores) {
    Map<Long, StoreView> m = new HashMap<>();
    for (StoreView s : stores) {
      m.put(s.id(), s);
    }
    return new ClusterView(m);
  }

  /** The view of the stores {@code loads} describe. */
  public static ClusterView fromLoads(Collection<StoreLoad> loads) {
    Map<Long, StoreView> m = new HashMap<>();
    for (StoreLoad l : loads) {
      m.put(l.storeId(),
          new StoreView(l.storeId(), l.health(), l.regionCount(), l.leaderCount(), l.labels()));
    }
    return new ClusterView(m);
  }

  /** The store, or {@code null} when unknown. */
  public StoreView store(long id) {
    return stores.get(id);
  }

  /** Health of {@code id}; an unknown store counts as {@link StoreHealth#UP}. */
  public StoreHealth health(long id) {
    StoreView s = stores.get(id);
    return s == null ? StoreHealth.UP : s.health();
  }

  public long upStoreCount() {
    return stores.values().stream().filter(s -> s.health() == StoreHealth.UP).count();
  }

  /** A copy with the load of operators still in flight counted as if done. */
  ClusterView projected(Collection<Operator> inFlight) {
    Map<Long, StoreView> m = new HashMap<>(stores);
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
