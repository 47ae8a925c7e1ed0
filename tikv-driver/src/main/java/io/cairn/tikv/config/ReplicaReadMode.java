package io.cairn.tikv.config;

/** Which replica serves a read (TiDB's {@code tidb_replica_read}). Writes always go to the leader. */
public enum ReplicaReadMode {
  /** The leader only. */
  LEADER,
  /** A follower, round-robin over healthy ones; the leader when none is healthy. */
  FOLLOWER,
  /** Round-robin over the leader and the followers. */
  LEADER_AND_FOLLOWER,
  /** The replicas whose store carries all local labels first, then the leader, then the rest. */
  CLOSEST_REPLICAS
}
