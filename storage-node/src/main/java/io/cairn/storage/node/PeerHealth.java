package io.cairn.storage.node;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.pdpb.PeerStats;
import io.cairn.storage.raft.LeaderProgress;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionMeta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which replicas of a region its leader reports down or pending to PD (TiKV's
 * {@code down_peers} and {@code pending_peers}), from the leader's Raft view of them.
 *
 * <ul>
 *   <li>Down: the replica has not answered the leader for at least {@code downAfter}; reported
 *       with that time in whole seconds. PD replaces a replica down longer than its
 *       {@code max-store-down-time} even when its store is up.</li>
 *   <li>Pending: its log is far behind — it matches less than the leader's log still holds (it
 *       needs, or is installing, a snapshot), or lags the commit index by more than
 *       {@code pendingLag} entries — or the leader does not replicate to it yet (a peer being
 *       added is recorded in the region before Raft's configuration names it). PD moves no
 *       replica and no leader of a region with a pending or down peer.</li>
 * </ul>
 * A replica can be both. Immutable and thread-safe.
 *
 * @param downAfter silence after which a replica is down (TiKV's
 *     {@code max-peer-down-duration}, 10 min by default)
 * @param pendingLag entries a replica may lag the commit index before it is pending
 */
public record PeerHealth(Duration downAfter, long pendingLag) {

  public PeerHealth {
    Objects.requireNonNull(downAfter, "downAfter");
    if (downAfter.isNegative() || downAfter.isZero() || pendingLag < 0) {
      throw new IllegalArgumentException("need a positive down time and a non-negative lag: "
          + downAfter + ", " + pendingLag);
    }
  }

  /** Down after 10 minutes of silence, pending beyond 1000 entries behind. */
  public static PeerHealth defaults() {
    return new PeerHealth(Duration.ofMinutes(10), 1000);
  }

  /** The down and pending replicas; both empty when {@code progress} is {@code null}. */
  Lagging classify(RegionMeta region, long leaderStoreId, LeaderProgress progress) {
    if (progress == null) {
      return Lagging.NONE;
    }
    List<PeerStats> down = new ArrayList<>();
    List<Peer> pending = new ArrayList<>();
    long behind = Math.max(progress.logStartIndex(), progress.commitIndex() - pendingLag);
    for (PeerMeta p : region.peers()) {
      if (p.storeId() == leaderStoreId) {
        continue;
      }
      Peer proto = RegionProtos.toProto(p);
      LeaderProgress.Follower f = progress.follower(p.storeId());
      if (f == null) {
        pending.add(proto);
        continue;
      }
      if (f.silentMs() >= downAfter.toMillis()) {
        down.add(PeerStats.newBuilder().setPeer(proto).setDownSeconds(f.silentMs() / 1000)
            .build());
      }
      if (f.matchIndex() < 0 || f.matchIndex() < behind) {
        pending.add(proto);
      }
    }
    return new Lagging(down, pending);
  }

  /** Replicas reported down (with for how long) and pending. Immutable. */
  record Lagging(List<PeerStats> down, List<Peer> pending) {

    static final Lagging NONE = new Lagging(List.of(), List.of());

    Lagging {
      down = List.copyOf(down);
      pending = List.copyOf(pending);
    }
  }
}
