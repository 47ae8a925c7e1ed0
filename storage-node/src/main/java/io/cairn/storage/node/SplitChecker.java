package io.cairn.storage.node;

import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.RegionEngine;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import io.cairn.storage.region.RegionRegistry.RegionState;
import io.cairn.storage.region.RequestContext;
import io.cairn.storage.util.PeriodicTask;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the regions this store leads once they outgrow {@link NodeConfig.SplitCheck}'s
 * thresholds, TiKV's size-based split check.
 *
 * <p>Every {@code interval}, for each region led here: the {@link RegionSizer} estimate is
 * cheap but may err (high for keys in SST files, low for fresh data in the memtables); when it
 * is above half a threshold the region is measured
 * exactly ({@link SplitKeyFinder}, over an engine snapshot), and when that too is above, the
 * region splits at the key near the middle of its data, through {@link RegionEngine#split} —
 * the same path as the {@code SplitRegion} RPC (on Raft a split command of the region's log;
 * PD hears of it from the node's split listener). A region measured below the thresholds is
 * not measured again until its estimate has grown by a sixteenth of a threshold or its epoch
 * changed, so an estimate that stays high does not cost a scan every round.
 *
 * <p>One pass at a time: {@link #checkOnce} runs on the checker's own thread (or a test's).
 * A split that fails (leadership moved, the epoch changed, Raft busy) is left to the next
 * round. Thread-safe; {@link #close} stops the thread.
 */
final class SplitChecker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SplitChecker.class);

  private record Measured(long version, long approxBytes, long approxKeys) {}

  private final RegionRegistry registry;
  private final RegionSizer sizer;
  private final KvEngine engine;
  private final RegionEngine regions;
  private final NodeConfig.SplitCheck config;
  private final Map<Long, Measured> belowThreshold = new HashMap<>();
  private final PeriodicTask task;

  SplitChecker(RegionRegistry registry, RegionSizer sizer, KvEngine engine, RegionEngine regions,
      NodeConfig.SplitCheck config) {
    this.registry = registry;
    this.sizer = sizer;
    this.engine = engine;
    this.regions = regions;
    this.config = config;
    this.task = new PeriodicTask("split-check-" + registry.storeId());
  }

  /** Checks every {@code interval}, the first time after one interval. */
  void start() {
    task.start(config.interval(), config.interval(), this::checkOnce);
  }

  /** One pass over the led regions; returns how many were split. */
  synchronized int checkOnce() {
    long storeId = registry.storeId();
    int splits = 0;
    Set<Long> seen = new HashSet<>();
    for (RegionMeta listed : registry.regions()) {
      RegionState s = registry.state(listed.id());
      if (s == null || s.leader() == null || s.leader().storeId() != storeId) {
        continue;
      }
      RegionMeta region = s.meta();
      seen.add(region.id());
      if (checkRegion(region)) {
        splits++;
      }
    }
    belowThreshold.keySet().retainAll(seen);
    return splits;
  }

  private boolean checkRegion(RegionMeta region) {
    RegionSizer.Size approx = sizer.size(region);
    // The memtable part of RocksDB's estimate is a sample and errs low on fresh data, so an
    // estimate past half a threshold is worth an exact look.
    if (approx.bytes() <= config.regionSplitSize() / 2
        && approx.keys() <= config.regionSplitKeys() / 2) {
      return false;
    }
    Measured last = belowThreshold.get(region.id());
    if (last != null && last.version() == region.epoch().version()
        && approx.bytes() < last.approxBytes() + config.regionSplitSize() / 16
        && approx.keys() < last.approxKeys() + config.regionSplitKeys() / 16) {
      return false;
    }
    SplitKeyFinder.Scan scan;
    try (EngineSnapshot snap = engine.snapshot()) {
      scan = SplitKeyFinder.scan(snap, region);
    }
    if (scan.bytes() <= config.regionSplitSize() && scan.keys() <= config.regionSplitKeys()) {
      belowThreshold.put(region.id(),
          new Measured(region.epoch().version(), approx.bytes(), approx.keys()));
      return false;
    }
    belowThreshold.remove(region.id());
    if (scan.splitKey() == null) {
      LOG.warn("store {}: region {} holds {} bytes, {} keys but a single key; it cannot split",
          registry.storeId(), region.id(), scan.bytes(), scan.keys());
      return false;
    }
    // the split key is a region key already; the mode only matters for user keys
    RequestContext ctx = RequestContext.of(region.id(), region.epoch(), registry.storeId(), 0,
        KeyMode.TXN);
    try {
      List<RegionMeta> pieces = regions.split(ctx, List.of(scan.splitKey()));
      LOG.info("store {}: region {} ({} bytes, {} keys) split by size into {}",
          registry.storeId(), region.id(), scan.bytes(), scan.keys(),
          pieces.stream().map(RegionMeta::id).toList());
      return true;
    } catch (RegionException e) {
      LOG.info("store {}: size split of region {} not done: {}", registry.storeId(), region.id(),
          e.error());
      return false;
    } catch (IllegalArgumentException e) {
      // the region changed between the snapshot and the split
      LOG.info("store {}: size split of region {} not done: {}", registry.storeId(), region.id(),
          e.getMessage());
      return false;
    }
  }

  @Override
  public void close() {
    task.close();
  }
}
