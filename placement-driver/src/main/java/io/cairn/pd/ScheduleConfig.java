package io.cairn.pd;

import java.util.List;

/**
 * How PD spreads region replicas. Immutable.
 *
 * @param regionBalanceThreshold region-count difference between the store a replica leaves and
 *     the store it moves to that must be exceeded before it moves (a move narrows the gap by 2,
 *     so any threshold {@code >= 1} cannot ping-pong)
 * @param regionScheduleLimit region-balance moves in flight at once, cluster-wide (PD's
 *     {@code region-schedule-limit}); repair is never throttled
 * @param storeLimit region-balance moves in flight at once that add a replica to, or take one
 *     from, one store (the spirit of TiKV's store limit: a store sends or receives only a few
 *     snapshots at a time)
 * @param locationLabels store label keys from the widest failure domain to the narrowest (PD's
 *     {@code location-labels}, here {@code zone, host}); two replicas of a region share a value
 *     only when the cluster has too few distinct ones
 */
public record ScheduleConfig(int regionBalanceThreshold, int regionScheduleLimit, int storeLimit,
    List<String> locationLabels) {

  public ScheduleConfig {
    if (regionBalanceThreshold < 1 || regionScheduleLimit < 1 || storeLimit < 1) {
      throw new IllegalArgumentException("region balance threshold, region schedule limit and "
          + "store limit must be >= 1: " + regionBalanceThreshold + ", " + regionScheduleLimit
          + ", " + storeLimit);
    }
    locationLabels = List.copyOf(locationLabels);
    if (locationLabels.stream().anyMatch(String::isBlank)
        || locationLabels.stream().distinct().count() != locationLabels.size()) {
      throw new IllegalArgumentException("location labels must be distinct and not blank: "
          + locationLabels);
    }
  }

  /** Threshold 2, 4 moves in flight, 2 per store, labels {@code zone} then {@code host}. */
  public static ScheduleConfig defaults() {
    return new ScheduleConfig(2, 4, 2, List.of("zone", "host"));
  }

  public ScheduleConfig withLimits(int newRegionScheduleLimit, int newStoreLimit) {
    return new ScheduleConfig(regionBalanceThreshold, newRegionScheduleLimit, newStoreLimit,
        locationLabels);
  }
}
