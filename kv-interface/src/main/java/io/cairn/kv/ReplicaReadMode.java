package io.cairn.kv;

/** Which replica of a region serves reads. Writes always go to the leader. */
public enum ReplicaReadMode {
  /** The Raft leader; always up to date. */
  LEADER,
  /** A follower, after it has caught up to the leader's commit index (read index). */
  FOLLOWER,
  /** The replica closest to the reader (same zone first), leader or follower. */
  CLOSEST
}
