package io.cairn.tikv.region;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the stores {@link StoreHealth} marks unhealthy and clears the mark of those that
 * answer. {@link #probeOnce()} does one round (tests call it directly); {@link #start} runs
 * rounds on the given scheduler, which the caller owns. Thread-safe.
 */
public final class HealthProber implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HealthProber.class);

  private final StoreHealth health;
  private final StoreProbe probe;
  private volatile ScheduledFuture<?> task;

  public HealthProber(StoreHealth health, StoreProbe probe) {
    this.health = health;
    this.probe = probe;
  }

  /** Probes every unhealthy store once; returns how many recovered. */
  public int probeOnce() {
    int recovered = 0;
    for (long storeId : health.unhealthyStores()) {
      boolean serving;
      try {
        serving = probe.isServing(storeId);
      } catch (RuntimeException e) {
        LOG.debug("health probe of store {} failed: {}", storeId, e.toString());
        serving = false;
      }
      if (serving) {
        health.probeSucceeded(storeId);
        recovered++;
      }
    }
    return recovered;
  }

  public void start(ScheduledExecutorService scheduler, Duration interval) {
    task = scheduler.scheduleWithFixedDelay(this::probeOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    ScheduledFuture<?> t = task;
    if (t != null) {
      t.cancel(false);
    }
  }
}
