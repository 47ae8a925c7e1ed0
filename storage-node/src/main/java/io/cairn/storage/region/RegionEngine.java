package io.cairn.storage.region;

import io.cairn.storage.engine.WriteBatch;
import java.util.List;

/**
 * The storage seam between the KV commands and replication (TiKV's {@code Engine} trait):
 * every read and write of a request goes through it with the request's
 * {@link RequestContext}. An implementation owns the routing check — store, region, leader,
 * term, epoch, then keys, in that order — and answers a failed check by throwing
 * {@link RegionException}; it is the one place a request's context is checked.
 *
 * <p>Implementations: {@link LocalRegionEngine} (regions in-process, writes applied straight to
 * the engine; {@code unistore://} and unreplicated nodes) and, later, a Raft-backed one whose
 * {@link #write} proposes the batch to the region's group and whose {@link #snapshot} passes a
 * linearizable read barrier first.
 *
 * <p>Thread-safe.
 */
public interface RegionEngine {

  /**
   * Checks {@code ctx} and returns a snapshot of its region that reflects every write
   * acknowledged before the call (for a replicated region: after a lease or ReadIndex check).
   *
   * @throws RegionException if the route is wrong, stale or this peer may not serve the read
   */
  RegionSnapshot snapshot(RequestContext ctx);

  /** An empty batch for {@link #write}. */
  WriteBatch newWriteBatch();

  /**
   * Applies {@code batch} to {@code ctx}'s region, blocking until it is applied (visible to
   * later snapshots). The route and {@code ctx}'s keys are checked when the batch is applied,
   * so a batch built from a snapshot of an older epoch is refused with {@code EpochNotMatch} and
   * writes nothing. An empty batch only checks.
   *
   * @throws RegionException if the route is wrong or stale, or the command's fate is unknown
   *     ({@code StaleCommand})
   */
  void write(RequestContext ctx, WriteBatch batch);

  /**
   * Splits {@code ctx}'s region at {@code splitKeys} (region keys, ascending, strictly inside
   * the region). The region keeps its id for the right-most part (TiKV's right-derive); the
   * others get new ids. Every resulting region's epoch version is the old one plus the number
   * of split keys. Returns the resulting regions in key order.
   *
   * @throws RegionException if the route is wrong or stale (the epoch must match exactly)
   * @throws IllegalArgumentException if a split key is unsorted, duplicated or not inside
   */
  List<RegionMeta> split(RequestContext ctx, List<byte[]> splitKeys);
}
