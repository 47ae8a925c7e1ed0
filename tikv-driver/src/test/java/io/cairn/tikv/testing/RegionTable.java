package io.cairn.tikv.testing;

import io.cairn.proto.metapb.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.cairn.tikv.pd.CodecPdClient;

/**
 * Test-only: the regions of a fake cluster (tiling the key space, one leader peer each), shared
 * by the fake PD and the fake storage nodes. Boundaries are kept as PD and the nodes keep them
 * in transactional mode, memcomparable-encoded (see {@link Regions#encoded}): {@link #byKey}
 * and {@link #overlapping} take encoded keys, as PD does; {@link #containsUserKey} and
 * {@link #userStart}/{@link #userEnd} serve the fake nodes, which see user keys. Thread-safe.
 */
public final class RegionTable {

  private volatile List<Region> regions;

  public RegionTable(List<Region> regions) {
    this.regions = List.copyOf(regions);
  }

  public List<Region> all() {
    return regions;
  }

  /** Replaces the regions, e.g. with a split (bump the epochs). */
  public void set(List<Region> rs) {
    this.regions = List.copyOf(rs);
  }

  public Region byId(long id) {
    for (Region r : regions) {
      if (r.getId() == id) {
        return r;
      }
    }
    return null;
  }

  public Region byKey(byte[] key) {
    for (Region r : regions) {
      if (contains(r, key)) {
        return r;
      }
    }
    return null;
  }

  public List<Region> overlapping(byte[] start, byte[] end, int limit) {
    List<Region> out = new ArrayList<>();
    for (Region r : regions) {
      byte[] rs = r.getStartKey().toByteArray();
      byte[] re = r.getEndKey().toByteArray();
      boolean afterStart = re.length == 0 || Arrays.compareUnsigned(re, start) > 0;
      boolean beforeEnd = end.length == 0 || Arrays.compareUnsigned(rs, end) < 0;
      if (afterStart && beforeEnd) {
        out.add(r);
        if (limit > 0 && out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /** Whether user key {@code key} lies in {@code r}. */
  public static boolean containsUserKey(Region r, byte[] key) {
    return contains(r, CodecPdClient.encodeKey(key));
  }

  /** The user key {@code r} starts at. */
  public static byte[] userStart(Region r) {
    return CodecPdClient.decodeBoundary(r.getStartKey().toByteArray());
  }

  /** The user key {@code r} ends before; empty for the end of the key space. */
  public static byte[] userEnd(Region r) {
    return CodecPdClient.decodeBoundary(r.getEndKey().toByteArray());
  }

  public static boolean contains(Region r, byte[] key) {
    byte[] rs = r.getStartKey().toByteArray();
    byte[] re = r.getEndKey().toByteArray();
    return Arrays.compareUnsigned(key, rs) >= 0 && (re.length == 0 || Arrays.compareUnsigned(key, re) < 0);
  }
}
