package io.cairn.storage.node;

import io.cairn.storage.pd.LocalRegions;
import io.cairn.storage.pd.RegionStatus;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import io.cairn.storage.region.RegionRegistry.RegionState;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LocalRegions} over the node's {@link RegionRegistry}: what the heartbeat loop
 * reports. On Raft the registry mirrors the replicas' state machines and Raft's leader and
 * term, so the leader, peers and term reported are Raft's; down and pending peers are not
 * tracked (always empty), traffic counters are not measured (0). Thread-safe.
 */
final class NodeRegions implements LocalRegions {

  private final RegionRegistry registry;
  private final RegionSizer sizer;

  NodeRegions(RegionRegistry registry, RegionSizer sizer) {
    this.registry = registry;
    this.sizer = sizer;
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
    return new RegionStatus(RegionProtos.toProto(s.meta()),
        s.leader() == null ? null : RegionProtos.toProto(s.leader()),
        List.of(), List.of(), size.bytes(), size.keys(), s.term(), 0, 0, 0, 0);
  }
}
