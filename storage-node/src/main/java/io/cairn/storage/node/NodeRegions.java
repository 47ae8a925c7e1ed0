package io.cairn.storage.node;

import io.cairn.storage.pd.LocalRegions;
import io.cairn.storage.pd.RegionStatus;
import io.cairn.storage.raft.LeaderProgress;
import io.cairn.storage.raft.RaftStore;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import io.cairn.storage.region.RegionRegistry.RegionState;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LocalRegions} over the node's {@link RegionRegistry}: what the heartbeat loop
 * reports. On Raft the registry mirrors the replicas' state machines and Raft's leader and
 * term, so the leader, peers and term reported are Raft's, and the regions this store leads
 * report their down and pending peers from the leader's view ({@link PeerHealth}); without Raft
 * there are none. Traffic counters are not measured (0). Thread-safe.
 */
final class NodeRegions implements LocalRegions {

  private final RegionRegistry registry;
  private final RegionSizer sizer;

  private final RaftStore raft;
  private final PeerHealth health;

  /** @param raft the store's Raft groups; {@code null} on a node without replication */
  NodeRegions(RegionRegistry registry, RegionSizer sizer, RaftStore raft, PeerHealth health) {
    this.registry = registry;
    this.sizer = sizer;
    this.raft = raft;
    this.health = health;
  }

  @Override
  public int regionCount() {
    return registry.regions().size();
  }

  @Override
  public List<RegionStatus> ledRegions() {
    List<RegionStatus> out = new ArrayList<>();
    for (RegionMeta m : registry.regions()) {
      RegionStatus s = region(m.id());
      if (s != null && s.isLedBy(registry.storeId())) {
        out.add(s);
      }
    }
    return out;
  }

  @Override
  public RegionStatus region(long regionId) {
    RegionState s = registry.state(regionId);
    if (s == null) {
      return null;
    }
    RegionSizer.Size size = sizer.size(s.meta());
    PeerHealth.Lagging lagging = lagging(s);
    return new RegionStatus(RegionProtos.toProto(s.meta()),
        s.leader() == null ? null : RegionProtos.toProto(s.leader()),
        lagging.down(), lagging.pending(), size.bytes(), size.keys(), s.term(), 0, 0, 0, 0);
  }

  private PeerHealth.Lagging lagging(RegionState s) {
    if (raft == null || s.leader() == null || s.leader().storeId() != registry.storeId()) {
      return PeerHealth.Lagging.NONE;
    }
    LeaderProgress progress;
    try {
      progress = raft.region(s.meta().id()).leaderProgress();
    } catch (RegionException e) {
      // the group went away (removed, or the store is closing): nothing to report
      return PeerHealth.Lagging.NONE;
    }
    return health.classify(s.meta(), registry.storeId(), progress);
  }
}
