package io.cairn.storage.region;

/**
 * A region's epoch (metapb.RegionEpoch): {@code version} bumps on every split (and merge),
 * {@code confVer} on every membership change. A request carrying an older epoch than the
 * region's is answered with {@link RegionError.EpochNotMatch} so the client refreshes its route.
 */
public record RegionEpoch(long confVer, long version) {

  /** The epoch of a region that was never split nor changed its peers. */
  public static final RegionEpoch INITIAL = new RegionEpoch(1, 1);

  public RegionEpoch {
    if (confVer < 0 || version < 0) {
      throw new IllegalArgumentException("negative epoch " + confVer + "/" + version);
    }
  }

  public RegionEpoch bumpConfVer() {
    return new RegionEpoch(confVer + 1, version);
  }

  public RegionEpoch bumpVersion() {
    return bumpVersion(1);
  }

  public RegionEpoch bumpVersion(int by) {
    return new RegionEpoch(confVer, version + by);
  }

  @Override
  public String toString() {
    return "conf_ver:" + confVer + " version:" + version;
  }
}
