package io.cairn.pd.cluster;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Regions sorted by start key, non-overlapping, indexed by id, with per-store counts of peers and
 * leaders kept up to date on every change (the scheduler reads them on every heartbeat).
 *
 * <p>The tree does not judge freshness: {@link #put} replaces whatever overlaps. Callers decide
 * staleness first ({@link ClusterState}). Between a split being reported by some children and
 * by the others the tree may have gaps; it never has overlaps.
 *
 * <p>Not thread-safe; {@link ClusterState} guards it.
 */
public final class RegionTree {

  private final TreeMap<ByteString, RegionInfo> byStart = new TreeMap<>(Keys.ORDER);
  private final Map<Long, RegionInfo> byId = new HashMap<>();
  private final Map<Long, Integer> peerCount = new HashMap<>();
  private final Map<Long, Integer> leaderCount = new HashMap<>();

  /** The region containing {@code key}, or {@code null}. */
  public RegionInfo getByKey(ByteString key) {
    Map.Entry<ByteString, RegionInfo> e = byStart.floorEntry(key);
    if (e == null || Keys.atOrAfterEnd(key, e.getValue().meta().getEndKey())) {
      return null;
    }
    return e.getValue();
  }

  public RegionInfo getById(long id) {
    return byId.get(id);
  }

  /**
   * Regions intersecting [start, end) in key order, at most {@code limit} ({@code <= 0}: no
   * limit); an empty {@code end} is the end of the key space.
   */
  public List<RegionInfo> scan(ByteString start, ByteString end, int limit) {
    List<RegionInfo> out = new ArrayList<>();
    ByteString from = byStart.floorKey(start);
    if (from == null) {
      from = start;
    }
    for (RegionInfo r : byStart.tailMap(from, true).values()) {
      if (limit > 0 && out.size() >= limit) {
        break;
      }
      if (Keys.atOrAfterEnd(r.meta().getStartKey(), end)) {
        break;
      }
      if (Keys.atOrAfterEnd(start, r.meta().getEndKey())) {
        continue;
      }
      out.add(r);
    }
    return out;
  }

  /** Regions (other than those with id {@code exceptId}) whose range intersects {@code r}'s. */
  public List<RegionInfo> overlaps(Region r, long exceptId) {
    List<RegionInfo> out = new ArrayList<>();
    for (RegionInfo o : scan(r.getStartKey(), r.getEndKey(), 0)) {
      if (o.id() != exceptId) {
        out.add(o);
      }
    }
    return out;
  }

  /**
   * Inserts or replaces {@code info}, first removing the entry with the same id and every region
   * overlapping its range. Returns the removed regions other than the same-id one.
   */
  public List<RegionInfo> put(RegionInfo info) {
    RegionInfo same = byId.get(info.id());
    if (same != null) {
      remove(same);
    }
    List<RegionInfo> removed = overlaps(info.meta(), info.id());
    for (RegionInfo o : removed) {
      remove(o);
    }
    byStart.put(info.meta().getStartKey(), info);
    byId.put(info.id(), info);
    count(info, +1);
    return removed;
  }

  /** Removes {@code info} (by id) if present. */
  public void remove(RegionInfo info) {
    RegionInfo cur = byId.remove(info.id());
    if (cur == null) {
      return;
    }
    byStart.remove(cur.meta().getStartKey());
    count(cur, -1);
  }

  private void count(RegionInfo info, int delta) {
    for (Peer p : info.meta().getPeersList()) {
      peerCount.merge(p.getStoreId(), delta, Integer::sum);
    }
    if (info.leader() != null) {
      leaderCount.merge(info.leader().getStoreId(), delta, Integer::sum);
    }
  }

  /** Number of region peers on {@code storeId}. */
  public int regionCount(long storeId) {
    return peerCount.getOrDefault(storeId, 0);
  }

  /** Number of region leaders on {@code storeId}. */
  public int leaderCount(long storeId) {
    return leaderCount.getOrDefault(storeId, 0);
  }

  public int size() {
    return byId.size();
  }

  /** All regions in key order (a copy). */
  public List<RegionInfo> all() {
    return new ArrayList<>(byStart.values());
  }
}
