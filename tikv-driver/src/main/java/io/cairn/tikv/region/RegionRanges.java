package io.cairn.tikv.region;

import java.util.List;

/** Ranges clipped to one region, in key order. */
public record RegionRanges(CachedRegion region, List<KeyRange> ranges) {
  public RegionRanges {
    ranges = List.copyOf(ranges);
  }
}
