package io.cairn.pd.cluster;

import io.cairn.proto.metapb.StoreState;

/**
 * Derives {@link StoreHealth} from heartbeat age: disconnected after {@code disconnectMs} of
 * silence, down after {@code downMs} (which must not be shorter).
 */
public record HealthPolicy(long disconnectMs, long downMs) {

  public HealthPolicy {
    if (disconnectMs <= 0 || downMs < disconnectMs) {
      throw new IllegalArgumentException(
          "need 0 < disconnectMs <= downMs: " + disconnectMs + ", " + downMs);
    }
  }

  public StoreHealth health(StoreInfo store, long nowMs) {
    if (store.meta().getState() == StoreState.Tombstone) {
      return StoreHealth.TOMBSTONE;
    }
    long silent = nowMs - store.lastHeartbeatMs();
    if (silent > downMs) {
      return StoreHealth.DOWN;
    }
    if (silent > disconnectMs) {
      return StoreHealth.DISCONNECTED;
    }
    return StoreHealth.UP;
  }
}
