package io.cairn.storage.region;

import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link RegionEngine} without replication: the regions live in a {@link RegionRegistry},
 * writes go straight to the {@link KvEngine}, and a split is a metadata change (every piece
 * stays on this engine, so no data moves). What {@code unistore://} runs, with many regions,
 * and what a single node without replication can run.
 *
 * <p>A write holds the registry's apply lock from its route check until the engine applied
 * it, so a split either precedes the check (and the write gets {@code EpochNotMatch}) or
 * follows the write. Reads need no barrier: every acknowledged write is already in the engine.
 *
 * <p>Thread-safe. Does not own the {@link KvEngine}: the caller closes it.
 */
public final class LocalRegionEngine implements RegionEngine {
  private final KvEngine engine;
  private final RegionRegistry registry;

  public LocalRegionEngine(KvEngine engine, RegionRegistry registry) {
    this.engine = engine;
    this.registry = registry;
  }

  /**
   * An engine with one region (id 1, peer 1 on store 1, epoch 1/1) covering the whole key
   * space, the rest of whose ids come from a counter starting at 1000 — for a node without
   * PD and for tests.
   */
  public static LocalRegionEngine singleRegion(KvEngine engine) {
    AtomicLong ids = new AtomicLong(1000);
    RegionRegistry registry = new RegionRegistry(1, ids::incrementAndGet);
    registry.add(new RegionMeta(1, null, null, new RegionEpoch(1, 1), List.of(new PeerMeta(1, 1))));
    return new LocalRegionEngine(engine, registry);
  }

  public RegionRegistry registry() {
    return registry;
  }

  /** The context that routes a request to region {@code regionId} as it is now. */
  public RequestContext contextFor(long regionId, KeyMode mode) {
    RegionMeta m = registry.get(regionId);
    if (m == null) {
      throw new IllegalArgumentException("no region " + regionId);
    }
    return RequestContext.of(regionId, m.epoch(), registry.storeId(), 0, mode);
  }

  @Override
  public RegionSnapshot snapshot(RequestContext ctx) {
    RegionMeta region;
    EngineSnapshot snap;
    registry.applyLock().lock();
    try {
      region = registry.check(ctx, true).meta();
      snap = engine.snapshot();
    } finally {
      registry.applyLock().unlock();
    }
    return new BoundedRegionSnapshot(snap, region);
  }

  @Override
  public WriteBatch newWriteBatch() {
    return engine.newWriteBatch();
  }

  @Override
  public void write(RequestContext ctx, WriteBatch batch) {
    registry.applyLock().lock();
    try {
      registry.check(ctx, true);
      if (!batch.isEmpty()) {
        engine.write(batch);
      }
    } finally {
      registry.applyLock().unlock();
    }
  }

  @Override
  public List<RegionMeta> split(RequestContext ctx, List<byte[]> splitKeys) {
    return registry.split(ctx, splitKeys);
  }
}
