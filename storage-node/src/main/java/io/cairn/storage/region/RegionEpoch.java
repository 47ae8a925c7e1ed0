package io.cairn.storage.region;

/**
 * A region's epoch (metapb.RegionEpoch): {@code version} bumps on every split (and merge),
 * {@code confVer} on every membership change.
 */
public record RegionEpoch(long confVer, long version) {
  public RegionEpoch {
    if (confVer < 0 || version < 0) {
      throw new IllegalArgumentException("negative epoch " + confVer + "/" + version);
    }
  }

  public RegionEpoch bumpVersion(int by) {
    return new RegionEpoch(confVer, version + by);
  }

  @Override
  public String toString() {
    return "conf_ver:" + confVer + " version:" + version;
  }
}
