package io.cairn.storage.pd;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the {@link HeartbeatLoop}.
 *
 * @param storeInterval between two store heartbeats (TiKV: 10 s)
 * @param regionInterval between two heartbeats of each led region
 * @param reconnectBase first delay before reopening a broken region heartbeat stream (or
 *     retrying an unreachable PD); doubles per failure
 * @param reconnectCap the largest such delay
 */
public record HeartbeatConfig(Duration storeInterval, Duration regionInterval,
    Duration reconnectBase, Duration reconnectCap) {

  public HeartbeatConfig {
    for (Duration d : new Duration[] {storeInterval, regionInterval, reconnectBase,
        reconnectCap}) {
      Objects.requireNonNull(d, "durations must be set");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("heartbeat durations must be positive: " + d);
      }
    }
    if (reconnectCap.compareTo(reconnectBase) < 0) {
      throw new IllegalArgumentException("reconnect cap " + reconnectCap + " below base "
          + reconnectBase);
    }
  }

  /** Production timing: store and region heartbeats every 10 s, reconnects 100 ms .. 10 s. */
  public static HeartbeatConfig defaults() {
    return new HeartbeatConfig(Duration.ofSeconds(10), Duration.ofSeconds(10),
        Duration.ofMillis(100), Duration.ofSeconds(10));
  }
}
