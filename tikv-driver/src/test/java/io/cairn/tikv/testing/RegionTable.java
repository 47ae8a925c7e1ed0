package io.cairn.tikv.testing;

import io.cairn.proto.metapb.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-only: the regions of a fake cluster (tiling the key space, one leader peer each), shared
 * by the fake PD and the fake storage nodes. Raw keys are region boundaries. Thread-safe.
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

  public static boolean contains(Region r, byte[] key) {
    byte[] rs = r.getStartKey().toByteArray();
    byte[] re = r.getEndKey().toByteArray();
    return Arrays.compareUnsigned(key, rs) >= 0 && (re.length == 0 || Arrays.compareUnsigned(key, re) < 0);
  }
}
