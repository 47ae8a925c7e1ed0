package io.cairn.storage.node;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.storage.raft.RaftStore;
import io.cairn.storage.raft.RegionPeer;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.util.PeriodicTask;
import java.time.Duration;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the replicas on this store that their region no longer has, and removes them (group,
 * state and data, {@link RaftStore#removeRegion}). A replica removed by a membership change
 * while its store was running removes itself when it applies the configuration; this check is
 * for one removed while its store was down or cut off (PD replaced it after
 * {@code max-store-down-time}): no leader talks to it any more, so it would keep its group and
 * data for ever. TiKV's stale peer check does the same through PD.
 *
 * <p>For every replica this store hosts and does not lead, PD's record of the region is read
 * (GetRegionByID). The replica is stale when PD's region does not list this store, and either
 * PD's {@code conf_ver} is newer than the replica's, or the replica itself already applied a
 * meta without this store. A region PD does not know (a split child not reported yet), a
 * replica without a meta yet (joining) and any PD failure leave the replica alone.
 *
 * <p>Runs once soon after start (a returning store cleans up at once) and then every
 * {@code interval}, on its own thread. Thread-safe; {@link #close} stops it.
 */
final class StalePeerChecker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StalePeerChecker.class);

  private final RaftStore store;
  private final LongFunction<Region> pdRegion;
  private final PeriodicTask task;

  /**
   * @param pdRegion PD's record of a region by id, null when PD knows none; may block and may
   *     throw
   */
  StalePeerChecker(RaftStore store, LongFunction<Region> pdRegion) {
    this.store = store;
    this.pdRegion = pdRegion;
    this.task = new PeriodicTask("stale-peer-check-" + store.storeId());
  }

  void start(Duration interval) {
    // soon after start, so a returning store cleans up at once
    Duration first = interval.compareTo(Duration.ofSeconds(1)) < 0 ? interval
        : Duration.ofSeconds(1);
    task.start(first, interval, this::checkOnce);
  }

  /** One pass; returns how many replicas were removed. */
  synchronized int checkOnce() {
    int removed = 0;
    for (long regionId : store.regionIds()) {
      RegionMeta local;
      try {
        RegionPeer peer = store.region(regionId);
        if (peer.isLeader()) {
          continue;
        }
        local = peer.meta();
      } catch (RegionException e) {
        continue; // gone meanwhile, or joining without a meta yet
      }
      Region known;
      try {
        known = pdRegion.apply(regionId);
      } catch (RuntimeException e) {
        LOG.debug("store {}: PD could not say whether region {} still has this store: {}",
            store.storeId(), regionId, e.toString());
        continue;
      }
      if (known == null || !isStale(local, known)) {
        continue;
      }
      LOG.info("store {}: replica of region {} at {} is stale (PD: conf_ver {}, peers on stores"
          + " {}); removing it", store.storeId(), regionId, local.epoch(),
          known.getRegionEpoch().getConfVer(),
          known.getPeersList().stream().map(Peer::getStoreId).toList());
      try {
        store.removeRegion(regionId).join();
        removed++;
      } catch (RuntimeException e) {
        LOG.warn("store {}: removing stale replica of region {} failed (retried next round)",
            store.storeId(), regionId, e);
      }
    }
    return removed;
  }

  private boolean isStale(RegionMeta local, Region known) {
    long me = store.storeId();
    if (known.getId() != local.id()
        || known.getPeersList().stream().anyMatch(p -> p.getStoreId() == me)) {
      return false;
    }
    return known.getRegionEpoch().getConfVer() > local.epoch().confVer()
        || local.peerOn(me) == null;
  }

  @Override
  public void close() {
    task.close();
  }
}
