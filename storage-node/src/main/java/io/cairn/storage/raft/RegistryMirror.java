package io.cairn.storage.raft;

import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link RegionRegistry} equal to what a store's Raft replicas know: their metas as
 * applied, their splits, Raft's leader and term, and removals. A meta that no longer lists
 * this store (the replica was removed by a membership change) drops the region. The registry
 * is then the routing view {@link RaftRegionEngine} checks requests against and the heartbeat
 * code reports from. Never throws (an observer must not), logs instead. Thread-safe.
 */
public final class RegistryMirror implements RegionObserver {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryMirror.class);

  private final RegionRegistry registry;

  public RegistryMirror(RegionRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onRegion(RegionMeta meta) {
    try {
      if (meta.peerOn(registry.storeId()) == null) {
        registry.remove(meta.id());
      } else {
        registry.put(meta);
      }
    } catch (RuntimeException e) {
      LOG.error("store {}: could not mirror {}", registry.storeId(), meta, e);
    }
  }

  @Override
  public void onSplit(RegionMeta parent, List<RegionMeta> pieces) {
    try {
      registry.putSplit(parent, pieces);
    } catch (RuntimeException e) {
      LOG.error("store {}: could not mirror the split of {} into {}", registry.storeId(), parent, pieces, e);
    }
  }

  @Override
  public void onLeader(long regionId, long leaderStoreId, long term) {
    try {
      registry.setLeader(regionId, leaderStoreId, term);
    } catch (RuntimeException e) {
      LOG.error("store {}: could not mirror the leader of region {}", registry.storeId(), regionId, e);
    }
  }

  @Override
  public void onRemoved(long regionId) {
    try {
      registry.remove(regionId);
    } catch (RuntimeException e) {
      LOG.error("store {}: could not mirror the removal of region {}", registry.storeId(), regionId, e);
    }
  }
}
