package io.cairn.storage.region;

/**
 * Which replica may serve a read, as the request's context asks (kvrpcpb.Context's
 * {@code replica_read} and {@code stale_read} flags).
 */
public enum ReadKind {
  /** Only the leader serves; a follower answers {@code NotLeader}. Writes are always this. */
  LEADER,
  /**
   * Any replica serves, linearizably: a follower first learns the leader's read index (the
   * leader raises its max_ts with the read ts on the way) and waits until it has applied it.
   */
  REPLICA,
  /**
   * Any replica serves from what it has applied, if the read ts is at or below the region's
   * safe ts there; a follower answers {@code DataIsNotReady} otherwise.
   */
  STALE
}
