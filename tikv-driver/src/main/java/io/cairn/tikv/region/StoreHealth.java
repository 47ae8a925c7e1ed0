package io.cairn.tikv.region;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What the driver believes about each store's reachability. A transport failure marks a store
 * unhealthy: replica selection avoids it while another replica is healthy, until a successful
 * RPC or a health probe clears the mark. Independently each store has a {@link CircuitBreaker}:
 * a store that keeps failing is isolated and gets no request at all until its open period ends.
 * Thread-safe.
 */
public final class StoreHealth {

  private final int failureThreshold;
  private final Duration openDuration;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<Long, Entry> stores = new ConcurrentHashMap<>();

  public StoreHealth(int failureThreshold, Duration openDuration, LongSupplier nanoClock) {
    this.failureThreshold = failureThreshold;
    this.openDuration = openDuration;
    this.nanoClock = nanoClock;
  }

  private Entry entry(long storeId) {
    return stores.computeIfAbsent(storeId, id -> new Entry(new CircuitBreaker(failureThreshold, openDuration, nanoClock)));
  }

  /** Healthy: no transport failure since the last success or probe. */
  public boolean isHealthy(long storeId) {
    Entry e = stores.get(storeId);
    return e == null || !e.unhealthy;
  }

  /** Whether the store's breaker lets a request through. */
  public boolean isAvailable(long storeId) {
    Entry e = stores.get(storeId);
    return e == null || e.breaker.allowsRequest();
  }

  public CircuitBreaker.State breakerState(long storeId) {
    return entry(storeId).breaker.state();
  }

  /** An RPC to the store got an answer (a region error is an answer too). */
  public void recordSuccess(long storeId) {
    Entry e = stores.get(storeId);
    if (e != null) {
      e.unhealthy = false;
      e.breaker.recordSuccess();
    }
  }

  /** An RPC to the store failed in transport. */
  public void recordFailure(long storeId) {
    Entry e = entry(storeId);
    e.unhealthy = true;
    e.breaker.recordFailure();
  }

  /**
   * A health probe answered SERVING: the unhealthy mark goes. The breaker is left alone: only
   * real RPCs (its half-open trial included) move it, so a store that answers probes but fails
   * requests stays isolated.
   */
  public void probeSucceeded(long storeId) {
    Entry e = stores.get(storeId);
    if (e != null) {
      e.unhealthy = false;
    }
  }

  /** Stores marked unhealthy, to probe. */
  public List<Long> unhealthyStores() {
    return stores.entrySet().stream().filter(e -> e.getValue().unhealthy).map(java.util.Map.Entry::getKey).sorted().toList();
  }

  /** How often the store's breaker opened. */
  public long breakerTrips(long storeId) {
    Entry e = stores.get(storeId);
    return e == null ? 0 : e.breaker.trips();
  }

  private static final class Entry {
    final CircuitBreaker breaker;
    volatile boolean unhealthy;

    Entry(CircuitBreaker breaker) {
      this.breaker = breaker;
    }
  }
}
