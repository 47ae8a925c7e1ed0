package io.cairn.storage.pd;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A store's regions held in a map, standing in for the Raft layer: {@link #apply} carries out a
 * scheduling command the way a node does (membership changes bump {@code conf_ver}).
 */
final class TestRegions implements LocalRegions {

  private final long storeId;
  private final Map<Long, RegionStatus> regions = new ConcurrentHashMap<>();

  TestRegions(long storeId) {
    this.storeId = storeId;
  }

  void put(RegionStatus r) {
    regions.put(r.id(), r);
  }

  void update(long id, UnaryOperator<RegionStatus> change) {
    regions.compute(id, (k, v) -> {
      if (v == null) {
        throw new IllegalStateException("no region " + id);
      }
      return change.apply(v);
    });
  }

  RegionStatus get(long id) {
    return regions.get(id);
  }

  /** Carries out {@code command} on the local region. */
  void apply(SchedulingCommand command) {
    update(command.regionId(), r -> switch (command) {
      case SchedulingCommand.AddPeer add -> withRegion(r, r.region().toBuilder()
          .addPeers(add.peer()).setRegionEpoch(r.region().getRegionEpoch().toBuilder()
              .setConfVer(r.region().getRegionEpoch().getConfVer() + 1)).build());
      case SchedulingCommand.RemovePeer rm -> {
        Region.Builder b = r.region().toBuilder().clearPeers();
        for (Peer p : r.region().getPeersList()) {
          if (p.getId() != rm.peer().getId()) {
            b.addPeers(p);
          }
        }
        b.setRegionEpoch(r.region().getRegionEpoch().toBuilder()
            .setConfVer(r.region().getRegionEpoch().getConfVer() + 1));
        yield withRegion(r, b.build());
      }
      case SchedulingCommand.TransferLeader tl -> new RegionStatus(r.region(), tl.target(),
          r.downPeers(), r.pendingPeers(), r.approximateSize(), r.approximateKeys(), r.term(),
          r.bytesWritten(), r.keysWritten(), r.bytesRead(), r.keysRead());
      case SchedulingCommand.SplitRegion s ->
          throw new UnsupportedOperationException("test regions do not split: " + s);
    });
  }

  static RegionStatus withRegion(RegionStatus r, Region region) {
    return new RegionStatus(region, r.leader(), r.downPeers(), r.pendingPeers(),
        r.approximateSize(), r.approximateKeys(), r.term(), r.bytesWritten(), r.keysWritten(),
        r.bytesRead(), r.keysRead());
  }

  @Override
  public int regionCount() {
    return regions.size();
  }

  @Override
  public List<RegionStatus> ledRegions() {
    return regions.values().stream().filter(r -> r.isLedBy(storeId)).toList();
  }

  @Override
  public RegionStatus region(long regionId) {
    return regions.get(regionId);
  }
}
