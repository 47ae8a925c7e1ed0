package io.cairn.tikv.rpc;

import io.cairn.tikv.config.ReplicaReadMode;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-request routing options.
 *
 * @param replicaRead which replica serves a read (ignored for writes)
 * @param staleRead read at a past timestamp from any replica, falling back to the leader when
 *     the replica's data is not ready
 * @param timeout the deadline of each attempt; null for the configured read or write timeout
 */
public record RequestOptions(ReplicaReadMode replicaRead, boolean staleRead, Duration timeout) {

  public static final RequestOptions LEADER = new RequestOptions(ReplicaReadMode.LEADER, false, null);

  public RequestOptions {
    Objects.requireNonNull(replicaRead, "replicaRead");
  }

  public static RequestOptions replicaRead(ReplicaReadMode mode) {
    return new RequestOptions(mode, false, null);
  }

  public static RequestOptions stale() {
    return new RequestOptions(ReplicaReadMode.LEADER, true, null);
  }

  public RequestOptions withTimeout(Duration t) {
    return new RequestOptions(replicaRead, staleRead, t);
  }
}
