package io.cairn.tikv.region;

import io.cairn.proto.metapb.Region;

/** A region at one epoch: two requests that saw the same RegionVerId saw the same range. */
public record RegionVerId(long id, long confVer, long version) {

  public static RegionVerId of(Region meta) {
    return new RegionVerId(meta.getId(), meta.getRegionEpoch().getConfVer(), meta.getRegionEpoch().getVersion());
  }
}
