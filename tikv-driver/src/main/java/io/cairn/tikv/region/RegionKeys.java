package io.cairn.tikv.region;

import java.util.List;

/** Keys that lie in one region, in the order the caller gave them. */
public record RegionKeys(CachedRegion region, List<byte[]> keys) {
  public RegionKeys {
    keys = List.copyOf(keys);
  }
}
