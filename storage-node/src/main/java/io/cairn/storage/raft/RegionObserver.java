package io.cairn.storage.raft;

import io.cairn.storage.region.RegionMeta;
import java.util.List;

/**
 * Hears what the replicas of a {@link RaftStore} learn about their regions, so a routing view
 * (the node's {@code RegionRegistry}) can mirror them. Calls come from Ratis's threads — the
 * apply thread for metas and splits, before the proposer of the change is answered — so an
 * implementation must be quick, must not call back into Ratis and must not throw. Calls for one
 * region arrive in order. Thread-safe implementations only.
 */
public interface RegionObserver {

  /** Ignores everything. */
  RegionObserver NONE =
      new RegionObserver() {
        @Override
        public void onRegion(RegionMeta meta) {}

        @Override
        public void onSplit(RegionMeta parent, List<RegionMeta> pieces) {}

        @Override
        public void onLeader(long regionId, long leaderStoreId, long term) {}

        @Override
        public void onRemoved(long regionId) {}
      };

  /** A replica here started with, or applied, {@code meta} (new range, epoch or peers). */
  void onRegion(RegionMeta meta);

  /** {@code parent} (as it was before) was split into {@code pieces}, in key order. */
  void onSplit(RegionMeta parent, List<RegionMeta> pieces);

  /**
   * The replica of {@code regionId} here learned its leader: the store {@code leaderStoreId}
   * (0 when no leader is known) at {@code term} (0 when unknown).
   */
  void onLeader(long regionId, long leaderStoreId, long term);

  /** The replica of {@code regionId} left this store. */
  void onRemoved(long regionId);
}
