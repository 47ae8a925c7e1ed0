package io.cairn.kv;

/** Which replica of a region serves reads. Writes always go to the leader. */
public enum ReplicaReadMode {
  /** The Raft leader; always up to date. */
  LEADER,
  /** A follower, after it has caught up to the leader's commit index (read index). */
  FOLLOWER,
  /** The leader or a follower, balancing the reads over all of them (followers by read index). */
  LEADER_AND_FOLLOWER,
  /** The replica closest to the reader (same zone first), leader or follower. */
  CLOSEST
}
