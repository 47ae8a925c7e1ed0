package io.cairn.storage.raft;

import java.util.List;

/**
 * The leader's view of its region's replication, taken at one moment: what it has committed,
 * the first index its log still holds, and for every other replica it sends entries to (voters,
 * listeners, and peers being added) how far that replica's log matches and how long ago it last
 * answered. Immutable.
 *
 * @param commitIndex the leader's commit index
 * @param logStartIndex the first entry the leader's log still holds: a follower matching less
 *     than this needs a snapshot
 * @param followers one entry per replica besides the leader, never {@code null}
 */
public record LeaderProgress(long commitIndex, long logStartIndex, List<Follower> followers) {

  public LeaderProgress {
    followers = List.copyOf(followers);
  }

  /**
   * @param storeId the replica's store
   * @param matchIndex the last entry known to match the leader's log (negative: none yet)
   * @param silentMs milliseconds since the replica last answered the leader
   */
  public record Follower(long storeId, long matchIndex, long silentMs) {}

  /** The replica on {@code storeId}, or {@code null} when the leader sends it nothing. */
  public Follower follower(long storeId) {
    for (Follower f : followers) {
      if (f.storeId() == storeId) {
        return f;
      }
    }
    return null;
  }
}
