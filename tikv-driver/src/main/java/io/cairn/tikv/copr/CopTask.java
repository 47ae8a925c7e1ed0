package io.cairn.tikv.copr;

import io.cairn.kv.Key;
import io.cairn.tikv.region.CachedRegion;
import io.cairn.tikv.region.KeyRange;
import java.util.List;

/**
 * The part of a coprocessor request that one region serves: the request's ranges clipped to
 * the region as the cache saw it, in ascending key order.
 */
record CopTask(CachedRegion region, List<KeyRange> ranges) {

  CopTask {
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("a coprocessor task needs a range");
    }
    ranges = List.copyOf(ranges);
  }

  /** From the first range's start to the last range's end (empty for unbounded). */
  io.cairn.kv.KeyRange covered() {
    return new io.cairn.kv.KeyRange(Key.copyOf(ranges.get(0).start()), Key.copyOf(ranges.get(ranges.size() - 1).end()));
  }
}
